import { beforeEach, describe, expect, it, vi } from "vitest";

/** A trainer that hands back a blank image and no activations: these tests are about which image is asked for. */
const trainer = {
  testImage: vi.fn(async (_index: number) => new Float32Array(28 * 28)),
  activations: vi.fn(async () => []),
  classify: vi.fn(async (specs: unknown[]) => specs.map(() => new Float32Array(10).fill(0.1))),
  testPredictions: vi.fn(async () => ({
    probs: new Float32Array(0),
    labels: new Int32Array(0),
    count: 0,
    numClasses: 10,
  })),
  filters: vi.fn(async () => []),
  histograms: vi.fn(async () => []),
  testImages: vi.fn(async () => ({ pixels: new Float32Array(0), labels: new Int32Array(0) })),
};
vi.mock("./actions.ts", () => ({ getTrainer: async () => trainer, datasetsUrl: () => "http://localhost/datasets/" }));

const { showRandomTestImage, showTestImage, startInspecting } = await import("./inspectActions.ts");
const { modelReady, runStarted } = await import("./runEvents.ts");
const { useInspectStore } = await import("./inspectStore.ts");
const { useAppStore } = await import("./store.ts");

beforeEach(() => {
  useInspectStore.setState({ imageIndex: 0, image: null, activations: null, error: null, busy: null, compare: "" });
  useAppStore.setState({
    dataset: { state: "ready", progress: 1, error: null, trainCount: 60_000, testCount: 10_000 },
  });
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

describe("a drawing across runs", () => {
  it("stays and is read again by the model of the next run (its readout does not vanish)", async () => {
    startInspecting();
    const digit = new Float32Array(28 * 28).fill(0.5);
    useInspectStore.setState({ drawing: digit, drawPredictions: [{ label: "Baseline", probs: Array(10).fill(0.1) }] });
    runStarted();
    expect(useInspectStore.getState().drawing).toBe(digit);
    useAppStore.setState({ status: "done", modelLost: false, runs: [{ testAccuracy: 0.9 } as never] });
    await modelReady();
    expect(trainer.classify).toHaveBeenCalledWith([null], digit);
    expect(useInspectStore.getState().drawPredictions.map((p) => p.label)).toEqual(["Baseline"]);
  });
});
