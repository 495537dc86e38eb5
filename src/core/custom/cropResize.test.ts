import { describe, expect, it } from "vitest";
import { cropResize, toRgba } from "./cropResize.ts";

/** A width×height RGBA image whose pixel (x, y) is colour(x, y). */
function image(width: number, height: number, colour: (x: number, y: number) => [number, number, number]) {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rgba.set([...colour(x, y), 255], (y * width + x) * 4);
  return rgba;
}

describe("cropResize", () => {
  it("keeps the centred square of a wide image", () => {
    // 6×2: the outer two columns on each side are red, the middle two white; the crop is columns 2–3
    const wide = image(6, 2, (x) => (x >= 2 && x < 4 ? [255, 255, 255] : [255, 0, 0]));
    expect(Array.from(cropResize(wide, 6, 2, 2, 3))).toEqual(new Array(12).fill(255));
  });

  it("keeps the centred square of a tall image", () => {
    const tall = image(2, 4, (_, y) => (y === 0 || y === 3 ? [0, 0, 0] : [200, 200, 200]));
    expect(Array.from(cropResize(tall, 2, 4, 1, 1))).toEqual([200]);
  });

  it("averages the area each output pixel covers", () => {
    // 4×4 checkerboard of black and white shrinks to mid-grey; a 3-to-2 shrink weighs partial pixels
    const board = image(4, 4, (x, y) => ((x + y) % 2 ? [255, 255, 255] : [0, 0, 0]));
    expect(Array.from(cropResize(board, 4, 4, 2, 1))).toEqual([128, 128, 128, 128]);
    const row = image(3, 3, (x) => (x === 1 ? [90, 90, 90] : [0, 0, 0]));
    // the left output pixel covers column 0 whole and half of column 1: (0·1 + 90·0.5) / 1.5 = 30
    expect(cropResize(row, 3, 3, 2, 1)[0]).toBe(30);
  });

  it("turns colour into luminance for grey", () => {
    const red = image(2, 2, () => [255, 0, 0]);
    const green = image(2, 2, () => [0, 255, 0]);
    expect(cropResize(red, 2, 2, 1, 1)[0]).toBe(76);
    expect(cropResize(green, 2, 2, 1, 1)[0]).toBe(150);
    expect(Array.from(cropResize(red, 2, 2, 1, 3))).toEqual([255, 0, 0]);
  });

  it("lays transparent pixels on white (a transparent background is paper, not black)", () => {
    // 2×1: an opaque red pixel, then a fully transparent "black" one, then half-transparent black on a second row
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128, 0, 0, 0, 128]);
    expect(Array.from(cropResize(rgba, 2, 2, 2, 3))).toEqual([255, 0, 0, 255, 255, 255, 127, 127, 127, 127, 127, 127]);
  });

  it("refuses too few bytes", () => {
    expect(() => cropResize(new Uint8Array(4), 2, 2, 1, 1)).toThrow(/do not hold/);
  });

  it("expands RGB to opaque RGBA", () => {
    expect(Array.from(toRgba(new Uint8Array([1, 2, 3]), 3))).toEqual([1, 2, 3, 255]);
    expect(Array.from(toRgba(new Uint8Array([7]), 1))).toEqual([7, 7, 7, 255]);
  });
});
