import { afterEach, describe, expect, it } from "vitest";
import { DATASETS, EMPTY_CUSTOM_META, setCustomDataset } from "../../core/data/datasets.ts";
import { startingClasses, useCustomStore } from "./customStore.ts";

afterEach(() => {
  useCustomStore.setState({ ...startingClasses() });
  setCustomDataset(EMPTY_CUSTOM_META);
});

const image = () => ({ id: 1, pixels: new Uint8Array(32 * 32 * 3) });

describe("custom class store", () => {
  it("points the registry entry at the classes and bumps the version on every change", () => {
    const before = useCustomStore.getState().version;
    useCustomStore.setState({
      classes: [
        { id: 0, name: "cats", images: Array.from({ length: 10 }, image) },
        { id: 1, name: "dogs", images: Array.from({ length: 5 }, image) },
        { id: 2, name: "owls", images: [] },
      ],
      format: { size: 32, channels: 3 },
    });
    expect(useCustomStore.getState().version).toBe(before + 1);
    const info = DATASETS.custom;
    expect([info.classNames, info.numClasses, info.inputShape]).toEqual([["cats", "dogs", "owls"], 3, [32, 32, 3]]);
    expect([info.trainCount, info.testCount]).toEqual([12, 3]);
    useCustomStore.setState({ notice: "x" }); // not a change of the classes
    expect(useCustomStore.getState().version).toBe(before + 1);
  });
});
