import { describe, expect, it } from "vitest";
import { createRng } from "../random.ts";
import { augmentImages } from "./augment.ts";

const OFF = { shift: 0, rotate: 0, zoom: 0 };

/** count images of rows × cols with distinct values. */
function ramp(count: number, rows: number, cols: number): Float32Array {
  return Float32Array.from({ length: count * rows * cols }, (_, i) => ((i * 37) % 255) / 255);
}

/** A 28 × 28 Gaussian blob of width sigma around the image centre. */
function blob(sigma: number): Float32Array {
  const c = 13.5;
  return Float32Array.from({ length: 28 * 28 }, (_, i) =>
    Math.exp(-(((i % 28) - c) ** 2 + (Math.floor(i / 28) - c) ** 2) / (2 * sigma ** 2)),
  );
}

const sum = (values: Float32Array) => values.reduce((s, v) => s + v, 0);

describe("augmentImages", () => {
  it("returns the input itself when every setting is 0, and draws nothing", () => {
    const pixels = ramp(3, 5, 4);
    const rng = createRng(1);
    expect(augmentImages(pixels, 3, 5, 4, OFF, rng)).toBe(pixels);
    expect(rng.next()).toBe(createRng(1).next());
  });

  it("keeps the length and the range, and is the same for the same seed", () => {
    const pixels = ramp(8, 28, 28);
    const settings = { shift: 3, rotate: 20, zoom: 0.2 };
    const out = augmentImages(pixels, 8, 28, 28, settings, createRng(5));
    expect(out).toHaveLength(pixels.length);
    expect(out).not.toBe(pixels);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
    expect(augmentImages(pixels, 8, 28, 28, settings, createRng(5))).toEqual(out);
    expect(augmentImages(pixels, 8, 28, 28, settings, createRng(6))).not.toEqual(out);
  });

  it("moves pixels by whole pixels exactly for a pure shift, filling with 0", () => {
    const [rows, cols] = [9, 7];
    const pixels = new Float32Array(rows * cols);
    pixels[4 * cols + 3] = 0.75; // (x 3, y 4)
    for (let seed = 0; seed < 20; seed++) {
      // the shift this seed draws: the rng's first two draws, as augmentImages makes them
      const probe = createRng(seed);
      const dx = probe.int(5) - 2;
      const dy = probe.int(5) - 2;
      const out = augmentImages(pixels, 1, rows, cols, { shift: 2, rotate: 0, zoom: 0 }, createRng(seed));
      expect(out[(4 + dy) * cols + 3 + dx]).toBe(0.75);
      expect(sum(out)).toBe(0.75);
    }
    // a shift that moves the only bright pixel out of the image leaves zeros
    const corner = new Float32Array(rows * cols);
    corner[0] = 1;
    const shifted = Array.from({ length: 20 }, (_, seed) =>
      augmentImages(corner, 1, rows, cols, { shift: 1, rotate: 0, zoom: 0 }, createRng(seed)),
    );
    expect(shifted.some((out) => sum(out) === 0)).toBe(true);
  });

  it("moves a known pixel exactly 2 px when the shift draws are fixed", () => {
    // an rng whose int() always returns its top value: shift +2 on both axes
    const top = { next: () => 0.999, int: (n: number) => n - 1 };
    const pixels = new Float32Array(6 * 6);
    pixels[1 * 6 + 1] = 1;
    const out = augmentImages(pixels, 1, 6, 6, { shift: 2, rotate: 0, zoom: 0 }, top);
    expect(out[3 * 6 + 3]).toBe(1);
    expect(sum(out)).toBe(1);
  });

  it("keeps the mass of a centred blob within a few percent under rotation, and scales it with zoom", () => {
    const image = blob(3);
    const mass = sum(image);
    for (let seed = 0; seed < 10; seed++) {
      const rotated = augmentImages(image, 1, 28, 28, { shift: 0, rotate: 30, zoom: 0 }, createRng(seed));
      expect(Math.abs(sum(rotated) / mass - 1)).toBeLessThan(0.03);
    }
    // zoom by s scales the area, so the mass, by about s²
    const bigger = augmentImages(
      image,
      1,
      28,
      28,
      { shift: 0, rotate: 0, zoom: 0.3 },
      { next: () => 0.999999, int: () => 0 },
    );
    expect(sum(bigger) / mass).toBeCloseTo(1.3 ** 2, 1);
  });

  it("rejects a pixel array of the wrong length", () => {
    expect(() => augmentImages(new Float32Array(10), 1, 3, 3, OFF, createRng(1))).toThrow(/3×3/);
  });
});
