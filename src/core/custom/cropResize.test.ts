import { describe, expect, it } from "vitest";
import { cropResize } from "./cropResize.ts";

/** A width×height opaque RGBA picture whose pixel (x, y) is colour(x, y). */
function picture(width: number, height: number, colour: (x: number, y: number) => [number, number, number, number?]) {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b, a = 255] = colour(x, y);
      rgba.set([r, g, b, a], 4 * (y * width + x));
    }
  }
  return rgba;
}

describe("cropResize", () => {
  it("keeps the centre square of a wide picture: red margins left and right are cut off", () => {
    // 6×2: columns 0 and 5 red, 1..4 green; the centre square is columns 2..3
    const rgba = picture(6, 2, (x) => (x === 0 || x === 5 ? [255, 0, 0] : [0, 200, 0]));
    expect([...cropResize(rgba, 6, 2, 2, 3)]).toEqual([0, 200, 0, 0, 200, 0, 0, 200, 0, 0, 200, 0]);
  });

  it("keeps the centre square of a tall picture: the middle rows", () => {
    // 2×4: rows 1 and 2 form the centre; they are 100 and 200
    const rgba = picture(2, 4, (_, y) => [[0, 100, 200, 255][y]!, 0, 0]);
    expect([...cropResize(rgba, 2, 4, 2, 3)].filter((_, i) => i % 3 === 0)).toEqual([100, 100, 200, 200]);
  });

  it("averages the area each output pixel covers: a 1-pixel checkerboard shrinks to flat grey", () => {
    const rgba = picture(8, 8, (x, y) => ((x + y) % 2 ? [255, 255, 255] : [0, 0, 0]));
    const out = cropResize(rgba, 8, 8, 4, 1);
    expect([...out]).toEqual(new Array(16).fill(128)); // 127.5 rounds up; nearest-neighbour would give 0 or 255
  });

  it("averages fractional areas: 3 pixels into 2 share the middle one", () => {
    const rgba = picture(3, 3, (x) => [[0, 90, 180][x]!, 0, 0]);
    const red = [...cropResize(rgba, 3, 3, 2, 3)].filter((_, i) => i % 3 === 0);
    // left output covers pixel 0 and half of pixel 1: (0 + 0.5·90) / 1.5 = 30; right: (0.5·90 + 180) / 1.5 = 150
    expect(red).toEqual([30, 150, 30, 150]);
  });

  it("turns colour into grey by luminance 0.299 R + 0.587 G + 0.114 B", () => {
    const pure = (c: [number, number, number]) => [
      ...cropResize(
        picture(2, 2, () => c),
        2,
        2,
        1,
        1,
      ),
    ];
    expect(pure([255, 0, 0])).toEqual([76]);
    expect(pure([0, 255, 0])).toEqual([150]);
    expect(pure([0, 0, 255])).toEqual([29]);
  });

  it("lays transparent pixels on white", () => {
    expect([
      ...cropResize(
        picture(1, 1, () => [0, 0, 0, 0]),
        1,
        1,
        1,
        3,
      ),
    ]).toEqual([255, 255, 255]);
    expect([
      ...cropResize(
        picture(1, 1, () => [0, 0, 0, 255]),
        1,
        1,
        1,
        1,
      ),
    ]).toEqual([0]);
  });

  it("enlarges a picture smaller than the target and returns size×size×channels bytes", () => {
    const out = cropResize(
      picture(5, 3, () => [10, 20, 30]),
      5,
      3,
      28,
      3,
    );
    expect(out.length).toBe(28 * 28 * 3);
    expect(out.slice(0, 3)).toEqual(new Uint8Array([10, 20, 30]));
  });

  it("refuses a buffer too short for its claimed size", () => {
    expect(() => cropResize(new Uint8Array(10), 4, 4, 2, 1)).toThrow(/needs 64 bytes/);
  });
});
