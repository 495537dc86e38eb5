import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_TRAINING_DATA, type TrainingData } from "../../config/schema.ts";
import { fuzzRuns } from "../../../tests/helpers/fuzz.ts";
import { createRng, shuffledIndices } from "../random.ts";
import { ArrivalOrder, GrowingSlice, arrivingParts } from "./arrivingData.ts";
import { splitValidation } from "./batches.ts";
import { sliceSplit, type DatasetSplit } from "./datasetFormat.ts";
import { planTraining, trainingSubset } from "./imbalance.ts";

/** `count` 2x2 images whose pixels say which they are (i mod 251, + 1: never 0), labels (i * 7) mod 10. */
function numbered(count: number): DatasetSplit {
  const images = Uint8Array.from({ length: count * 4 }, (_, k) => (Math.floor(k / 4) % 251) + 1);
  const labels = Uint8Array.from({ length: count }, (_, i) => (i * 7) % 10);
  return { count, rows: 2, cols: 2, channels: 1, numClasses: 10, labels, images };
}

describe("GrowingSlice", () => {
  it("copies an example once its image is in; with all in, it is sliceSplit's copy", () => {
    const source = numbered(50);
    const indices = Int32Array.from([1, 4, 9, 10, 33, 49]);
    const slice = new GrowingSlice(source, indices);
    expect(Array.from(slice.split.labels)).toEqual(Array.from(indices, (i) => source.labels[i]));
    expect(slice.split.images.every((v) => v === 0)).toBe(true);
    expect(slice.update(10)).toBe(3); // 1, 4 and 9 are below 10
    expect(Array.from(slice.split.images.subarray(0, 12))).toEqual(Array.from(sliceSplit(source, [1, 4, 9]).images));
    expect(slice.split.images.subarray(12).every((v) => v === 0)).toBe(true);
    expect(slice.update(10)).toBe(3);
    expect(slice.update(50)).toBe(6);
    expect(slice.split).toEqual(sliceSplit(source, indices));
  });

  it("refuses indices that are not sorted, distinct and in range", () => {
    const source = numbered(5);
    for (const bad of [[2, 1], [1, 1], [-1], [5]]) {
      expect(() => new GrowingSlice(source, Int32Array.from(bad))).toThrow(/sorted, distinct/);
    }
  });
});

describe("ArrivalOrder", () => {
  it("with every example in, gives the order's consecutive slices", () => {
    const order = shuffledIndices(103, createRng(4));
    const arrivals = new ArrivalOrder(order);
    const batches: number[][] = [];
    for (let start = 0; start < 103; start += 10) {
      batches.push(Array.from(arrivals.take(Math.min(10, 103 - start), 103)!));
    }
    expect(batches).toEqual(Array.from({ length: 11 }, (_, b) => Array.from(order.subarray(b * 10, b * 10 + 10))));
  });

  it("takes only examples that are in, each exactly once per epoch, whatever the arrivals", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 30 }),
        (count, batchSize, seed, steps) => {
          const order = shuffledIndices(count, createRng(seed));
          const arrivals = new ArrivalOrder(order);
          let ready = 0;
          let step = 0;
          const seen: number[] = [];
          for (let start = 0; start < count; start += batchSize) {
            const size = Math.min(batchSize, count - start);
            let batch = arrivals.take(size, ready);
            while (batch === null) {
              // the download goes on (it ends: after the steps, everything arrives)
              ready = Math.min(count, ready + (step < steps.length ? steps[step++] : count));
              batch = arrivals.take(size, ready);
            }
            expect(batch).toHaveLength(size);
            expect(Array.from(batch).every((example) => example < ready)).toBe(true);
            seen.push(...batch);
          }
          expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
        },
      ),
      { numRuns: fuzzRuns(0.3) },
    );
  });
});

describe("planTraining (from the labels alone)", () => {
  it("chooses what splitValidation then trainingSubset choose, with the same weights and the same draws", () => {
    const source = numbered(400);
    fc.assert(
      fc.property(
        fc.constantFrom(0, 0.1, 0.25),
        fc.constantFrom(1, 0.5, 0.07),
        fc.subarray([0, 3, 7, 9]),
        fc.constantFrom(1, 0.3),
        fc.boolean(),
        fc.integer(),
        (validationFraction, trainFraction, classes, fraction, classWeights, seed) => {
          const data: TrainingData = {
            ...DEFAULT_TRAINING_DATA,
            trainFraction,
            imbalance: { classes, fraction, classWeights },
          };
          const [before, after] = [createRng(seed), createRng(seed)];
          const split = splitValidation(source, validationFraction, before);
          const subset = trainingSubset(split.train, data, before);
          const plan = planTraining(source.labels, 10, validationFraction, data, after);
          expect(sliceSplit(source, plan.train)).toEqual(
            sliceSplit(subset.train, Array.from(subset.train.labels.keys())),
          );
          expect(sliceSplit(source, plan.validation)).toEqual(split.validation);
          expect(plan.classWeights).toEqual(subset.classWeights);
          expect(after.next()).toBe(before.next());
          const validation = new Set(plan.validation);
          expect(Array.from(plan.train).some((i) => validation.has(i))).toBe(false);
        },
      ),
      { numRuns: fuzzRuns(0.2) },
    );
  });
});

describe("arrivingParts", () => {
  it("fills the run's parts as the file arrives, and waits on the file for more and for the whole", async () => {
    const whole = numbered(60);
    const images = new Uint8Array(whole.images.length);
    const file = { ...whole, images };
    let arrived = 0;
    let finish = () => {};
    const waits: number[] = [];
    const stream = {
      train: file,
      trainArrived: () => arrived,
      whenTrainArrived: async (count: number) => void waits.push(count),
      trainDone: new Promise<DatasetSplit>((resolve) => (finish = () => resolve(file))),
    };
    const arrive = (count: number) => {
      images.set(whole.images.subarray(0, count * 4));
      arrived = count;
    };
    const plan = { train: Int32Array.from([0, 5, 20, 41, 59]), validation: Int32Array.from([3, 30]) };
    const parts = arrivingParts(stream, plan);
    expect(parts.arriving.ready()).toBe(0);
    arrive(21);
    expect(parts.arriving.ready()).toBe(3);
    expect(Array.from(parts.validation.images.subarray(0, 4))).toEqual([4, 4, 4, 4]);
    await parts.arriving.more();
    expect(waits).toEqual([22]);
    let isWhole = false;
    void parts.arriving.whole().then(() => (isWhole = true));
    arrive(60);
    await Promise.resolve();
    expect(isWhole).toBe(false); // every image is in, but the file is not checked whole yet
    finish();
    await parts.arriving.whole();
    expect(parts.train).toEqual(sliceSplit(whole, plan.train));
    expect(parts.validation).toEqual(sliceSplit(whole, plan.validation));
  });
});
