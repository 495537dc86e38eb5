import { afterEach, describe, expect, it } from "vitest";
import { customMetaOf, customSplits } from "../core/custom/customData.ts";
import { DATASETS, EMPTY_CUSTOM_META, setCustomDataset } from "../core/data/datasets.ts";
import { setCustomData, state, streamedDataset } from "./trainerState.ts";

afterEach(() => {
  state.datasets.delete("custom");
  setCustomDataset(EMPTY_CUSTOM_META);
});

describe("the trainer's custom dataset", () => {
  it("is refused before the page sends it, then whole at once, with the registry following it", async () => {
    await expect(streamedDataset("custom", "http://unused/")).rejects.toThrow(/Add your own images first/);
    const classes = [
      { name: "a", images: Array.from({ length: 5 }, () => new Uint8Array(32 * 32 * 3).fill(9)) },
      { name: "b", images: Array.from({ length: 5 }, () => new Uint8Array(32 * 32 * 3)) },
    ];
    const format = { size: 28, channels: 1 } as const;
    setCustomData(customMetaOf(classes, format), customSplits(classes, format));
    const stream = await streamedDataset("custom", "http://unused/");
    expect([stream.train.count, stream.testCount, stream.trainArrived()]).toEqual([8, 2, 8]);
    expect((await stream.done).test.count).toBe(2);
    expect([DATASETS.custom.numClasses, DATASETS.custom.inputShape]).toEqual([2, [28, 28, 1]]);
  });
});
