import { describe, expect, it } from "vitest";
import { completeStream, customMetaOf, customRefusal, customSplits, type CustomClass } from "./customData.ts";
import { stratifiedSplit, testCountOf } from "./split.ts";

/** A class of `count` stored images (32×32 colour), image i filled with the value i + offset. */
function klass(name: string, count: number, offset = 0): CustomClass {
  return { name, images: Array.from({ length: count }, (_, i) => new Uint8Array(32 * 32 * 3).fill(i + offset)) };
}

describe("stratified split", () => {
  it("is deterministic, holds every class in test and counts 20% (at least one) per class", () => {
    const counts = [30, 2, 7, 1];
    const a = stratifiedSplit(counts, 1);
    expect(stratifiedSplit(counts, 1)).toEqual(a);
    expect(stratifiedSplit(counts, 2)).not.toEqual(a);
    const perClass = (part: typeof a.test) => counts.map((_, c) => part.filter((e) => e.classIndex === c).length);
    expect(perClass(a.test)).toEqual([6, 1, 1, 0]);
    expect(perClass(a.train)).toEqual([24, 1, 6, 1]);
    // each image is in exactly one part
    const all = [...a.train, ...a.test].map((e) => `${e.classIndex}:${e.index}`);
    expect(new Set(all).size).toBe(40);
    expect([0, 1, 2, 5, 10].map(testCountOf)).toEqual([0, 0, 1, 1, 2]);
  });
});

describe("custom dataset", () => {
  it("refuses fewer than two classes with images, and a class of one image", () => {
    expect(customRefusal([klass("a", 5), klass("b", 0)])).toMatch(/at least 2 classes/);
    expect(customRefusal([klass("a", 5), klass("b", 1)])).toMatch(/“b” needs at least 2 images/);
    expect(customRefusal([klass("a", 5), klass("b", 2)])).toBeNull();
  });

  it("refuses a class without a name, or two classes of one name (the matrix could not tell them apart)", () => {
    expect(customRefusal([klass("a", 5), klass("   ", 5)])).toMatch(/^Class 2 has no name/);
    expect(customRefusal([klass("Cats", 5), klass(" cats ", 5)])).toMatch(
      /Two classes are named “cats”: give each class its own name/,
    );
    expect(customRefusal([klass("Cats", 5), klass("Cat", 5)])).toBeNull();
  });

  it("builds splits in the chosen format, with labels and counts that match the meta", async () => {
    const classes = [klass("cats", 10), klass("dogs", 5, 100)];
    const meta = customMetaOf(classes, { size: 28, channels: 1 });
    expect(meta).toEqual({ classNames: ["cats", "dogs"], size: 28, channels: 1, trainCount: 12, testCount: 3 });
    const { train, test } = customSplits(classes, { size: 28, channels: 1 });
    expect([train.count, test.count, train.rows, train.channels, train.numClasses]).toEqual([12, 3, 28, 1, 2]);
    expect(train.images.length).toBe(12 * 28 * 28);
    expect(Array.from(test.labels).sort()).toEqual([0, 0, 1]);
    // a dog image keeps its value (a flat image stays flat through the resize)
    const firstDog = Array.from(train.labels).indexOf(1);
    expect(train.images[firstDog * 784]).toBeGreaterThanOrEqual(100);
    const colour = customSplits(classes, { size: 32, channels: 3 });
    expect(colour.train.images.length).toBe(12 * 32 * 32 * 3);
    const stream = completeStream({ train, test });
    expect(stream.trainArrived()).toBe(12);
    await stream.whenTrainArrived(12);
    expect((await stream.done).test).toBe(test);
  });
});
