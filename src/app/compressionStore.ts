import { create } from "zustand";
import { persist } from "zustand/middleware";
import { CompressionSpec, DEFAULT_COMPRESSION } from "../config/compression.ts";
import type { CompressProgress, SweepResult, VariantEstimate, VariantReport } from "../core/compress/report.ts";

/** A job in the worker: a live re-evaluation of the form's settings, a full measurement, or a sweep. */
export interface CompressionJob {
  kind: "live" | "measure" | "sweep";
  label: string;
  progress: CompressProgress;
}

export interface CompressionState {
  /** The settings in the form (persisted; the URL carries them in a later issue). */
  spec: CompressionSpec;
  /** Re-evaluate the form's settings as they change (on by default). */
  live: boolean;
  /** Time kept variants on every backend that starts, not only the current one. */
  allBackends: boolean;
  /** Also time kept variants and the baseline in ONNX Runtime (downloaded on first use). */
  onnxRuntime: boolean;
  /** Baseline first (when measured), then kept variants in the order they were made. */
  reports: VariantReport[];
  /** The form's current settings, evaluated live (batch-1 latency only); null until evaluated. */
  current: VariantReport | null;
  /**
   * The form's settings' first estimate (accuracy on the fixed 1,000-image subset, a short batch-1 timing), shown
   * until the full live report replaces it; null once replaced or when nothing is being estimated.
   */
  estimate: VariantEstimate | null;
  /** The last sweep (curves of accuracy vs sparsity and bits, per-layer sensitivity). */
  sweep: SweepResult | null;
  job: CompressionJob | null;
  error: string | null;
}

export const useCompressionStore = create<CompressionState>()(
  persist(
    (): CompressionState => ({
      spec: DEFAULT_COMPRESSION,
      live: true,
      allBackends: false,
      onnxRuntime: false,
      reports: [],
      current: null,
      estimate: null,
      sweep: null,
      job: null,
      error: null,
    }),
    {
      name: "cnn-playground-compression",
      version: 2,
      partialize: (s) => ({ spec: s.spec, live: s.live, allBackends: s.allBackends, onnxRuntime: s.onnxRuntime }),
      // stored data is untrusted: keep only what the schema accepts
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<CompressionState>;
        const parsed = CompressionSpec.safeParse(p.spec);
        return {
          ...current,
          spec: parsed.success ? parsed.data : current.spec,
          live: typeof p.live === "boolean" ? p.live : current.live,
          allBackends: typeof p.allBackends === "boolean" ? p.allBackends : current.allBackends,
          onnxRuntime: typeof p.onnxRuntime === "boolean" ? p.onnxRuntime : current.onnxRuntime,
        };
      },
    },
  ),
);

/** Drops everything measured on the old model (a new run, a reset, a backend switch). */
export function clearCompressionResults(): void {
  useCompressionStore.setState({ reports: [], current: null, estimate: null, sweep: null, error: null });
}
