import { beforeEach, describe, expect, it, vi } from "vitest";

/** A trainer that hands back a blank image and no activations: these tests are about which image is asked for. */
const trainer = {
  testImage: vi.fn(async (_index: number) => new Float32Array(28 * 28)),
  activations: vi.fn(async () => []),
};
vi.mock("./actions.ts", () => ({ getTrainer: async () => trainer, datasetsUrl: () => "http://localhost/datasets/" }));

const { showRandomTestImage, showTestImage } = await import("./inspectActions.ts");
const { useInspectStore } = await import("./inspectStore.ts");
const { useAppStore } = await import("./store.ts");

beforeEach(() => {
  useInspectStore.setState({ imageIndex: 0, image: null, activations: null, error: null, busy: null, compare: "" });
  useAppStore.setState({ dataset: { state: "ready", progress: 1, error: null, trainCount: 60_000, testCount: 10_000 } });
  vi.clearAllMocks();
});

describe("showing a test image's activations", () => {
  it("Random test image shows the index it picked and resolves to it (so the field can say which)", async () => {
    const index = await showRandomTestImage(() => 0.98865);
    expect(index).toBe(9886);
    expect(trainer.testImage).toHaveBeenCalledWith(9886);
    expect(useInspectStore.getState().imageIndex).toBe(9886);
  });

  it("never picks past the last image", async () => {
    expect(await showRandomTestImage(() => 0.9999999999)).toBe(9999);
  });

  it("refuses an index outside 0–9,999 with the range, and asks the trainer for nothing", async () => {
    for (const bad of [99_999, 10_000, -1, 2.5, Number.NaN]) {
      await showTestImage(bad);
      expect(useInspectStore.getState().error).toContain("0–9,999");
    }
    expect(trainer.testImage).not.toHaveBeenCalled();
    expect(useInspectStore.getState().imageIndex).toBe(0);
  });

  it("shows an index in range and clears an earlier refusal", async () => {
    await showTestImage(99_999);
    await showTestImage(9_999);
    expect(trainer.testImage).toHaveBeenCalledWith(9_999);
    expect(useInspectStore.getState().imageIndex).toBe(9_999);
    expect(useInspectStore.getState().error).toBeNull();
  });
});
