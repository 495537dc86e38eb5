import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { CustomImageStore, type CustomMetaRecord } from "./customImages.ts";

const pixels = (value: number) => new Uint8Array(32 * 32 * 3).fill(value);
const meta = (names: string[]): CustomMetaRecord => ({
  classes: names.map((name, id) => ({ id, name })),
  format: { size: 28, channels: 1 },
  nextClassId: names.length,
});

describe("custom image store", () => {
  it("saves, reloads, deletes an image, renames and deletes a class", async () => {
    const factory = new IDBFactory();
    const store = new CustomImageStore(factory);
    expect(await store.read()).toBeNull();
    await store.writeMeta(meta(["Class 1", "Class 2", "Class 3"]));
    const ids = await store.addImages(0, [pixels(1), pixels(2), pixels(3)]);
    await store.addImages(1, [pixels(9)]);
    await store.addImages(2, [pixels(7)]);

    // a reload: a new store on the same database
    let read = (await new CustomImageStore(factory).read())!;
    expect(read.meta.classes.map((c) => c.name)).toEqual(["Class 1", "Class 2", "Class 3"]);
    expect(read.images.get(0)!.map((i) => i.pixels[0])).toEqual([1, 2, 3]);

    await store.deleteImage(ids[1]);
    await store.writeMeta({ ...meta(["Cats", "Dogs"]), nextClassId: 3 });
    await store.deleteClassImages(2);
    read = (await store.read())!;
    expect(read.meta.classes.map((c) => c.name)).toEqual(["Cats", "Dogs"]);
    expect(read.images.get(0)!.map((i) => i.pixels[0])).toEqual([1, 3]);
    expect(read.images.get(1)!.map((i) => i.pixels[0])).toEqual([9]);
    expect(read.images.has(2)).toBe(false);
  });

  it("drops an image of the wrong size and an unreadable meta", async () => {
    const factory = new IDBFactory();
    const store = new CustomImageStore(factory);
    await store.writeMeta(meta(["a", "b"]));
    await store.addImages(0, [new Uint8Array(5), pixels(4)]);
    expect((await store.read())!.images.get(0)!.map((i) => i.pixels[0])).toEqual([4]);
    await expect(store.writeMeta({ ...meta(["a"]), nextClassId: -1 })).rejects.toThrow();
  });
});
