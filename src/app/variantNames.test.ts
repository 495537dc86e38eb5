import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CompressionSpec } from "../config/compression.ts";
import type { VariantReport } from "../core/compress/report.ts";

/** A trainer that measures any spec at once: the report's label says the bits. */
const trainer = {
  compress: vi.fn(
    async (spec: CompressionSpec | null) =>
      ({
        id: 0,
        label: spec ? `bits ${spec.quantization.weightBits}` : "Baseline",
        spec,
        accuracy: 0.9,
      }) as unknown as VariantReport,
  ),
  cancelCompress: vi.fn(async () => {}),
};
vi.mock("./actions.ts", () => ({ getTrainer: async () => trainer }));

const { measureVariant, removeVariant } = await import("./compressionActions.ts");
const { clearCompressionResults, useCompressionStore } = await import("./compressionStore.ts");
const { useAppStore } = await import("./store.ts");
const { DEFAULT_COMPRESSION } = await import("../config/compression.ts");
const { labRows } = await import("../ui/compression/compressionData.ts");

const spec = (bits: 16 | 8 | 4 | 2): CompressionSpec => ({
  ...DEFAULT_COMPRESSION,
  quantization: { ...DEFAULT_COMPRESSION.quantization, enabled: true, weightBits: bits },
});
/** The lab's rows as the table names them: "V3 bits 2". */
const names = () =>
  labRows(useCompressionStore.getState().reports, null).map((r) =>
    r.kind === "baseline" ? r.name : `${r.name} ${r.report.label}`,
  );
const idOf = (label: string) => useCompressionStore.getState().reports.find((r) => r.label === label)?.id ?? Number.NaN;

describe("kept variants' names", () => {
  beforeEach(() => {
    useAppStore.setState({ status: "done", runs: [{ testAccuracy: 0.9 } as never] });
    clearCompressionResults();
    useCompressionStore.setState({ job: null });
    trainer.compress.mockClear();
  });

  it("stay the same for a variant's life: removing V2 leaves V3 named V3, and a removed name is not given again", async () => {
    await measureVariant(spec(16));
    await measureVariant(spec(8));
    await measureVariant(spec(4));
    expect(names()).toEqual(["Baseline", "V1 bits 16", "V2 bits 8", "V3 bits 4"]);
    removeVariant(idOf("bits 8"));
    expect(names()).toEqual(["Baseline", "V1 bits 16", "V3 bits 4"]);
    removeVariant(idOf("bits 4")); // the newest: its number is still not given again
    await measureVariant(spec(2));
    expect(names()).toEqual(["Baseline", "V1 bits 16", "V4 bits 2"]);
  });

  it("start again at V1 for a new model (the list cleared)", async () => {
    await measureVariant(spec(8));
    await measureVariant(spec(4));
    clearCompressionResults();
    await measureVariant(spec(2));
    expect(names()).toEqual(["Baseline", "V1 bits 2"]);
  });

  it("Keep variant for settings already kept adds no row and says which variant has them", async () => {
    await measureVariant(spec(8));
    await measureVariant(spec(4));
    const calls = trainer.compress.mock.calls.length;
    // the same settings, written differently: switched-off pruning with another sparsity shapes the same variant
    await measureVariant({ ...spec(4), pruning: { ...DEFAULT_COMPRESSION.pruning, sparsity: 0.8 } });
    expect(names()).toEqual(["Baseline", "V1 bits 8", "V2 bits 4"]);
    expect(trainer.compress.mock.calls.length).toBe(calls); // nothing was measured again
    expect(useCompressionStore.getState().error).toBe("Already kept as V2 (bits 4).");
    await measureVariant(spec(2)); // other settings are kept, and the note goes
    expect(names()).toEqual(["Baseline", "V1 bits 8", "V2 bits 4", "V3 bits 2"]);
    expect(useCompressionStore.getState().error).toBeNull();
  });
});
