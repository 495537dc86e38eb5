import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CompressionSpec } from "../config/compression.ts";
import type { VariantReport } from "../core/compress/report.ts";

/** The trainer's answer to the next keep: keys (variantKey) of listed variants it dropped for memory. */
let dropNext: string[] = [];
const trainer = {
  compress: vi.fn(async (spec: CompressionSpec | null, _options: unknown, _onProgress: unknown, keep?: boolean) => {
    const report = {
      id: 0,
      label: spec ? `bits ${spec.quantization.weightBits}` : "Baseline",
      spec,
      accuracy: 0.9,
    } as unknown as VariantReport;
    const droppedVariants = keep ? dropNext : [];
    dropNext = [];
    return droppedVariants.length ? { ...report, droppedVariants } : report;
  }),
  cancelCompress: vi.fn(async () => {}),
};
vi.mock("./actions.ts", () => ({ getTrainer: async () => trainer }));

const { measureVariant } = await import("./compressionActions.ts");
const { useCompressionStore } = await import("./compressionStore.ts");
const { useAppStore } = await import("./store.ts");
const { DEFAULT_COMPRESSION, variantKey } = await import("../config/compression.ts");

const spec = (bits: 2 | 4 | 8): CompressionSpec => ({
  ...DEFAULT_COMPRESSION,
  quantization: { ...DEFAULT_COMPRESSION.quantization, enabled: true, weightBits: bits },
});
const rows = () => useCompressionStore.getState().reports.map((r) => r.label);

describe("Keep variant and the trainer's kept weights", () => {
  beforeEach(() => {
    useAppStore.setState({ status: "done", runs: [{ testAccuracy: 0.9 } as never] });
    useCompressionStore.setState({ reports: [], current: null, job: null, error: null });
    trainer.compress.mockClear();
  });

  it("asks the trainer to keep the variant (a live preview does not)", async () => {
    await measureVariant(spec(8));
    const keeps = trainer.compress.mock.calls.filter(([s]) => s !== null);
    expect(keeps.map((call) => call[3])).toEqual([true]);
    expect(rows()).toEqual(["Baseline", "bits 8"]);
  });

  it("removes the rows whose weights the trainer dropped, with a note, and keeps the rest", async () => {
    await measureVariant(spec(8));
    await measureVariant(spec(4));
    expect(useCompressionStore.getState().error).toBeNull();
    dropNext = [variantKey(spec(8))];
    await measureVariant(spec(2));
    expect(rows()).toEqual(["Baseline", "bits 4", "bits 2"]);
    expect(useCompressionStore.getState().error).toContain("the oldest (bits 8) was removed from the list");
  });
});
