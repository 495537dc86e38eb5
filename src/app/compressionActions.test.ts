import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CompressProgress, VariantReport } from "../core/compress/report.ts";

/** A fake trainer whose compress sends one last progress report *after* its result, as comlink's ports may. */
const trainer = {
  compress: vi.fn(async (spec: unknown, _options: unknown, onProgress: (p: CompressProgress) => void) => {
    onProgress({ stage: "timing", fraction: 0.9 });
    setTimeout(() => onProgress({ stage: "timing", fraction: 1 }), 0); // arrives after the result below
    return { id: 0, label: spec ? "variant" : "Baseline", spec, accuracy: 0.9 } as unknown as VariantReport;
  }),
  cancelCompress: vi.fn(async () => {}),
};
vi.mock("./actions.ts", () => ({ getTrainer: async () => trainer }));

const { measureVariant } = await import("./compressionActions.ts");
const { useCompressionStore } = await import("./compressionStore.ts");
const { useAppStore } = await import("./store.ts");
const { DEFAULT_COMPRESSION } = await import("../config/compression.ts");

describe("compression jobs", () => {
  beforeEach(() => {
    useAppStore.setState({ status: "done", runs: [{ testAccuracy: 0.9 } as never] });
    useCompressionStore.setState({ reports: [], current: null, job: null, error: null });
  });

  it("a progress report that arrives after the job's result does not bring the ended job back", async () => {
    await measureVariant({ ...DEFAULT_COMPRESSION, pruning: { ...DEFAULT_COMPRESSION.pruning, enabled: true } });
    expect(useCompressionStore.getState().job).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 10)); // the late reports are delivered
    expect(useCompressionStore.getState().job).toBeNull();
    expect(useCompressionStore.getState().reports.map((r) => r.label)).toEqual(["Baseline", "variant"]);
  });
});
