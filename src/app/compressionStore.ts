import { create } from "zustand";
import { persist } from "zustand/middleware";
import { CompressionSpec, DEFAULT_COMPRESSION } from "../config/compression.ts";
import type { CompressProgress, VariantReport } from "../core/compress/report.ts";

export interface CompressionState {
  /** The settings in the form (persisted; the URL carries them in a later issue). */
  spec: CompressionSpec;
  /** Baseline first (when measured), then variants in the order they were made. */
  reports: VariantReport[];
  /** The job in progress, if any. */
  job: { label: string; progress: CompressProgress } | null;
  error: string | null;
}

export const useCompressionStore = create<CompressionState>()(
  persist(
    (): CompressionState => ({ spec: DEFAULT_COMPRESSION, reports: [], job: null, error: null }),
    {
      name: "cnn-playground-compression",
      version: 1,
      partialize: (s) => ({ spec: s.spec }),
      // stored data is untrusted: keep only what the schema accepts
      merge: (persisted, current) => {
        const parsed = CompressionSpec.safeParse((persisted as Partial<CompressionState> | undefined)?.spec);
        return { ...current, spec: parsed.success ? parsed.data : current.spec };
      },
    },
  ),
);

/** Replaces the form's settings (validated by the schema). */
export function setCompressionSpec(spec: CompressionSpec): void {
  const parsed = CompressionSpec.safeParse(spec);
  if (parsed.success) useCompressionStore.setState({ spec: parsed.data });
}
