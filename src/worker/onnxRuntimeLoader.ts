// ONNX Runtime (onnxruntime-web) for the lab, loaded on first use only: its WebAssembly binary (14 MB; 28 MB for the
// build with the WebGPU provider) is fetched with progress, never with the page.
import wasmUrl from "onnxruntime-web/ort-wasm-simd-threaded.wasm?url";
import webgpuWasmUrl from "onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url";
import type { OnnxRuntime } from "../core/compress/onnxMeasure.ts";
import type { BackendProbe } from "./backendTypes.ts";

/** ONNX Runtime's builds: WASM only, or with the WebGPU execution provider (its kernels that WebGPU lacks run on WASM). */
export type OnnxBuild = "wasm" | "webgpu";

const loading = new Map<OnnxBuild, Promise<OnnxRuntime>>();

/** Threads ONNX Runtime's WASM provider uses: all cores (up to 4) when the page is cross-origin isolated, else 1. */
export function onnxThreads(): number {
  return self.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
}

/** The builds the lab times on: WASM always, WebGPU too when the trainer found a hardware (not software) adapter. */
export function onnxBuilds(probes: readonly BackendProbe[]): OnnxBuild[] {
  const gpu = probes.some((p) => p.name === "webgpu" && p.available && !p.isSoftware);
  return gpu ? ["wasm", "webgpu"] : ["wasm"];
}

async function download(url: string, onProgress: (loaded: number, total: number) => void): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`ONNX Runtime did not load (HTTP ${response.status})`);
  const total = Number(response.headers.get("content-length") ?? 0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total);
  }
  const binary = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    binary.set(chunk, at);
    at += chunk.byteLength;
  }
  return binary;
}

/** ONNX Runtime's `build`, downloaded once per page; `onProgress` gets bytes loaded and the total (0 when unknown). */
export function loadOnnxRuntime(
  onProgress: (loaded: number, total: number) => void,
  build: OnnxBuild = "wasm",
): Promise<OnnxRuntime> {
  let ort = loading.get(build);
  if (!ort) {
    ort = (async () => {
      const binary = await download(build === "webgpu" ? webgpuWasmUrl : wasmUrl, onProgress);
      const runtime: OnnxRuntime =
        build === "webgpu" ? await import("onnxruntime-web/webgpu") : await import("onnxruntime-web/wasm");
      runtime.env.wasm.wasmBinary = binary;
      runtime.env.wasm.numThreads = onnxThreads();
      runtime.env.wasm.proxy = false;
      return runtime;
    })().catch((error: unknown) => {
      loading.delete(build); // a failed download may be retried
      throw error;
    });
    loading.set(build, ort);
  }
  return ort;
}
