import type { BackendName } from "../config/backends.ts";
import type { BackendProbe } from "./backendTypes.ts";

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

/** Feature check for WebGPU: an adapter exists; a fallback adapter is software. */
export async function probeWebGpu(): Promise<BackendProbe> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  const none: BackendProbe = { name: "webgpu", available: false, device: null, isSoftware: false };
  if (!gpu) return none;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return none;
    const info = adapter.info ?? {};
    const device = [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(" ") || null;
    const isSoftware =
      Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || SOFTWARE_RENDERER.test(device ?? "");
    return { name: "webgpu", available: true, device, isSoftware };
  } catch {
    return none;
  }
}

/** Feature check for WebGL 2 (in a worker via OffscreenCanvas); SwiftShader or llvmpipe is software. */
export function probeWebGl(): BackendProbe {
  const none: BackendProbe = { name: "webgl", available: false, device: null, isSoftware: false };
  try {
    const canvas = typeof OffscreenCanvas !== "undefined" ? new OffscreenCanvas(1, 1) : null;
    const gl = canvas?.getContext("webgl2") as WebGL2RenderingContext | null | undefined;
    if (!gl) return none;
    const ext = gl.getExtension("WEBGL_debug_renderer_info");
    const device = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? "") || null;
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return { name: "webgl", available: true, device, isSoftware: SOFTWARE_RENDERER.test(device ?? "") };
  } catch {
    return none;
  }
}

/** Feature check for WebAssembly. */
export function probeWasm(): BackendProbe {
  return {
    name: "wasm",
    available: typeof WebAssembly === "object",
    device: "WebAssembly SIMD, 1 thread",
    isSoftware: false,
  };
}

/** Probes every backend; cpu (pure JS) is always available. */
export async function probeBackends(): Promise<BackendProbe[]> {
  return [
    await probeWebGpu(),
    probeWebGl(),
    probeWasm(),
    { name: "cpu", available: true, device: "JavaScript", isSoftware: false },
  ];
}

/**
 * Auto order: hardware WebGPU, hardware WebGL, WASM, then software GPUs, then CPU.
 * On our GPU-less machines software WebGL trained ~9× slower than WASM and software WebGPU ~10× slower than WebGL.
 */
export function rankBackends(probes: BackendProbe[]): BackendName[] {
  const score = (p: BackendProbe): number => {
    if (p.name === "cpu") return 5;
    if (p.name === "wasm") return 2;
    if (p.isSoftware) return p.name === "webgl" ? 3 : 4;
    return p.name === "webgpu" ? 0 : 1;
  };
  return probes
    .filter((p) => p.available)
    .sort((a, b) => score(a) - score(b))
    .map((p) => p.name);
}
