import { describe, expect, it } from "vitest";
import { tileAtlas } from "./tileAtlas.ts";

/** A 2×1 RGBA tile: pixel values a then b (grey, opaque). */
const tile = (a: number, b: number) => new Uint8ClampedArray([a, a, a, 255, b, b, b, 255]);
const px = (img: { rgba: Uint8ClampedArray; width: number }, x: number, y: number) =>
  Array.from(img.rgba.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

describe("tileAtlas", () => {
  it("lays tiles in rows, scaled up, with transparent gaps", () => {
    const img = tileAtlas([tile(1, 2), tile(3, 4), tile(5, 6)], 2, 1, { columns: 2, scale: 2, gap: 1 });
    expect([img.width, img.height]).toEqual([2 * 4 + 1, 2 * 2 + 1]);
    // first tile: pixel "1" covers x 0–1, pixel "2" x 2–3, on rows 0–1
    expect(px(img, 0, 0)).toEqual([1, 1, 1, 255]);
    expect(px(img, 1, 1)).toEqual([1, 1, 1, 255]);
    expect(px(img, 3, 1)).toEqual([2, 2, 2, 255]);
    expect(px(img, 4, 0)).toEqual([0, 0, 0, 0]); // the gap
    expect(px(img, 5, 0)).toEqual([3, 3, 3, 255]);
    expect(px(img, 8, 1)).toEqual([4, 4, 4, 255]);
    expect(px(img, 0, 2)).toEqual([0, 0, 0, 0]);
    expect(px(img, 0, 3)).toEqual([5, 5, 5, 255]); // second row
    expect(px(img, 5, 3)).toEqual([0, 0, 0, 0]); // no fourth tile
  });

  it("uses fewer columns when there are fewer tiles, and is empty for none", () => {
    expect(tileAtlas([tile(1, 1)], 2, 1, { columns: 8, scale: 3, gap: 2 })).toMatchObject({ width: 6, height: 3 });
    expect(tileAtlas([], 2, 1, { columns: 8, scale: 3, gap: 2 })).toMatchObject({ width: 6, height: 0 });
    expect(() => tileAtlas([new Uint8ClampedArray(4)], 2, 1, { columns: 1, scale: 1, gap: 0 })).toThrow(/2×1/);
  });

  it("frames the chosen tiles with a ring over their cell's edge, and leaves the others alone", () => {
    const frames = { tiles: new Set([1]), width: 1, rgba: [9, 8, 7, 255] as const };
    const img = tileAtlas([tile(1, 2), tile(3, 4)], 2, 1, { columns: 2, scale: 3, gap: 1 }, frames);
    // tile 1's cell is x 7–12, y 0–2: its edge is the frame, its centre pixel column keeps the tile
    expect(px(img, 7, 1)).toEqual([9, 8, 7, 255]);
    expect(px(img, 12, 1)).toEqual([9, 8, 7, 255]);
    expect(px(img, 9, 0)).toEqual([9, 8, 7, 255]);
    expect(px(img, 8, 1)).toEqual([3, 3, 3, 255]);
    expect(px(img, 11, 1)).toEqual([4, 4, 4, 255]);
    // tile 0 is untouched, and so is the gap
    expect(px(img, 0, 0)).toEqual([1, 1, 1, 255]);
    expect(px(img, 6, 1)).toEqual([0, 0, 0, 0]);
  });
});
