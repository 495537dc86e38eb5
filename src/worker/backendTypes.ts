import type { BackendName } from "../config/backends.ts";

/** What one backend's feature check found. */
export interface BackendProbe {
  name: BackendName;
  available: boolean;
  /** Adapter or renderer name where known, e.g. "SwiftShader Device (Subzero)". */
  device: string | null;
  /** A software GPU (fallback adapter, SwiftShader, llvmpipe) is not a GPU. */
  isSoftware: boolean;
}

/** One backend's measured training speed (Auto), or why it was not measured. */
export interface BackendSpeed {
  name: BackendName;
  /** Examples/s of the fastest of a few real training steps of the current model; null when not timed. */
  examplesPerSec: number | null;
  /** Why not timed ("software GPU, not timed", "did not start", …); empty when timed. */
  note: string;
}

/** The backend in use and why it was picked. */
export interface BackendInfo {
  name: BackendName;
  device: string | null;
  isSoftware: boolean;
  /** "worker" normally; "main thread" when only the page could start the chosen GPU backend. */
  thread: "worker" | "main thread";
  /** One line for the badge, e.g. "WebGL is SwiftShader (software): WASM is faster here". */
  reason: string;
  probes: BackendProbe[];
  /** Auto's measurements that picked this backend (absent before the first measurement). */
  speeds?: BackendSpeed[];
  /** How many workers train the current run (data-parallel on WASM), the cores counted, and why fewer than cores. */
  workers?: { count: number; cores: number; note: string | null };
}

/** Display names of the backends. */
export const BACKEND_LABELS: Record<BackendName, string> = {
  webgpu: "WebGPU",
  webgl: "WebGL",
  wasm: "WASM",
  cpu: "CPU",
};
