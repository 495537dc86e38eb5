// The live row's first estimate on the page: it replaces the row of older settings, the full report replaces it, and an
// older toggle's estimate (however late comlink delivers it) never shows after a newer one's.
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CompressionSpec } from "../config/compression.ts";
import { subsetAccuracy } from "../core/compress/estimate.ts";
import type { VariantEstimate, VariantReport } from "../core/compress/report.ts";

/** One compress call the test drives: its spec, its estimate callback, and how to end it. */
interface Call {
  spec: CompressionSpec | null;
  onEstimate?: (e: VariantEstimate) => void;
  resolve: (r: VariantReport) => void;
  reject: (e: Error) => void;
}
const calls: Call[] = [];
const trainer = {
  compress: vi.fn(
    (
      spec: CompressionSpec | null,
      _options: unknown,
      _onProgress: unknown,
      _keep?: boolean,
      onEstimate?: (e: VariantEstimate) => void,
    ) => new Promise<VariantReport>((resolve, reject) => calls.push({ spec, onEstimate, resolve, reject })),
  ),
  // as the worker does: the job in progress rejects with "cancelled"
  cancelCompress: vi.fn(async () => {
    for (const call of calls) call.reject(new Error("cancelled"));
  }),
};
vi.mock("./actions.ts", () => ({ getTrainer: async () => trainer }));

const { LIVE_DELAY_MS, liveDelayMs, setCompressionSpec } = await import("./compressionActions.ts");
const { useCompressionStore } = await import("./compressionStore.ts");
const { useAppStore } = await import("./store.ts");
const { DEFAULT_COMPRESSION, describeCompression, variantKey } = await import("../config/compression.ts");

const pruning: CompressionSpec = { ...DEFAULT_COMPRESSION, pruning: { ...DEFAULT_COMPRESSION.pruning, enabled: true } };
const both: CompressionSpec = { ...pruning, quantization: { ...DEFAULT_COMPRESSION.quantization, enabled: true } };
const estimateOf = (spec: CompressionSpec, correct: number): VariantEstimate =>
  ({
    label: describeCompression(spec),
    spec,
    subset: subsetAccuracy(correct, 1000),
    latency: [],
  }) as unknown as VariantEstimate;
const reportOf = (spec: CompressionSpec | null, accuracy: number): VariantReport =>
  ({
    id: 0,
    label: spec ? describeCompression(spec) : "Baseline",
    spec,
    accuracy,
    subset: subsetAccuracy(Math.round(accuracy * 1000), 1000),
  }) as unknown as VariantReport;
const state = () => useCompressionStore.getState();
/** The pending compress call for `spec` (the page asks for it after its timers and awaits). */
const callFor = (spec: CompressionSpec) =>
  vi.waitFor(() => {
    const call = calls.find((c) => c.spec !== null && variantKey(c.spec) === variantKey(spec));
    if (!call) throw new Error("not asked yet");
    return call;
  });

describe("the live row's first estimate", () => {
  beforeEach(() => {
    calls.length = 0;
    useAppStore.setState({ status: "done", runs: [{ testAccuracy: 0.9 } as never] });
    useCompressionStore.setState({
      spec: DEFAULT_COMPRESSION,
      live: true,
      reports: [{ ...reportOf(null, 0.98), id: -1 }],
      current: null,
      estimate: null,
      job: null,
      error: null,
    });
  });

  it("a switch is evaluated at once; a slider or an epoch count waits so that quick changes coalesce", () => {
    expect(liveDelayMs(DEFAULT_COMPRESSION, pruning)).toBe(0);
    expect(liveDelayMs(pruning, both)).toBe(0);
    expect(liveDelayMs(pruning, { ...pruning, pruning: { ...pruning.pruning, method: "filters" } })).toBe(0);
    expect(liveDelayMs(pruning, { ...pruning, pruning: { ...pruning.pruning, sparsity: 0.6 } })).toBe(LIVE_DELAY_MS);
    expect(liveDelayMs(pruning, { ...pruning, pruning: { ...pruning.pruning, fineTuneEpochs: 2 } })).toBe(
      LIVE_DELAY_MS,
    );
  });

  it("shows the estimate, then the full report in its place", async () => {
    setCompressionSpec(pruning);
    const call = await callFor(pruning);
    call.onEstimate?.(estimateOf(pruning, 970));
    expect(state().estimate?.subset.correct).toBe(970);
    expect(state().current).toBeNull();
    call.resolve(reportOf(pruning, 0.968));
    await vi.waitFor(() => expect(state().current?.accuracy).toBe(0.968));
    expect(state().estimate).toBeNull();
    expect(state().current?.accuracyDelta).toBeCloseTo(-1.2, 6);
  });

  it("an older toggle's estimate that arrives after a newer one's is dropped, before and after the newer report", async () => {
    setCompressionSpec(pruning);
    const older = await callFor(pruning);
    setCompressionSpec(both); // cancels the older job
    const newer = await callFor(both);
    newer.onEstimate?.(estimateOf(both, 955));
    older.onEstimate?.(estimateOf(pruning, 970)); // late, from its own message port
    expect(state().estimate?.label).toBe(describeCompression(both));
    expect(state().estimate?.subset.correct).toBe(955);
    newer.resolve(reportOf(both, 0.957));
    await vi.waitFor(() => expect(state().current?.label).toBe(describeCompression(both)));
    older.onEstimate?.(estimateOf(pruning, 970));
    expect(state().estimate).toBeNull();
    expect(state().current?.label).toBe(describeCompression(both));
  });

  it("both switches off again: no estimate and no live row", async () => {
    setCompressionSpec(pruning);
    (await callFor(pruning)).onEstimate?.(estimateOf(pruning, 970));
    setCompressionSpec(DEFAULT_COMPRESSION);
    await vi.waitFor(() => expect(state().estimate).toBeNull());
    expect(state().current).toBeNull();
  });
});
