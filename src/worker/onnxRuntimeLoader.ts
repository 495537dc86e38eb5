// ONNX Runtime (onnxruntime-web, WASM build) for the lab, loaded on first use only: its 14 MB WebAssembly binary is
// fetched with progress, never with the page.
import wasmUrl from "onnxruntime-web/ort-wasm-simd-threaded.wasm?url";
import type { OnnxRuntime } from "../core/compress/onnxMeasure.ts";

let loading: Promise<OnnxRuntime> | null = null;

/** Threads ONNX Runtime's WASM provider uses: all cores (up to 4) when the page is cross-origin isolated, else 1. */
export function onnxThreads(): number {
  return self.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)) : 1;
}

/** ONNX Runtime, downloaded once per page; `onProgress` gets bytes loaded and the total (0 when unknown). */
export function loadOnnxRuntime(onProgress: (loaded: number, total: number) => void): Promise<OnnxRuntime> {
  loading ??= (async () => {
    const response = await fetch(wasmUrl);
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
    const ort = await import("onnxruntime-web/wasm");
    ort.env.wasm.wasmBinary = binary;
    ort.env.wasm.numThreads = onnxThreads();
    ort.env.wasm.proxy = false;
    return ort;
  })().catch((error: unknown) => {
    loading = null; // a failed download may be retried
    throw error;
  });
  return loading;
}
