import { describe, expect, it } from "vitest";
import { centreOfMass, preprocessDrawing } from "./digitPreprocess.ts";

const CANVAS = 280;

/** An empty 280×280 drawing. */
const blank = () => new Float32Array(CANVAS * CANVAS);

/** Fills the inclusive rectangle [left, right] × [top, bottom] with `value`. */
function fillRect(
  ink: Float32Array,
  left: number,
  top: number,
  right: number,
  bottom: number,
  value = 1,
): Float32Array {
  for (let y = top; y <= bottom; y++) for (let x = left; x <= right; x++) ink[y * CANVAS + x] = value;
  return ink;
}

/** A 1-px line from (x0, y0) to (x1, y1), one pixel per step along the longer axis. */
function drawLine(ink: Float32Array, x0: number, y0: number, x1: number, y1: number): Float32Array {
  const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
  for (let s = 0; s <= steps; s++) {
    const x = Math.round(x0 + ((x1 - x0) * s) / steps);
    const y = Math.round(y0 + ((y1 - y0) * s) / steps);
    ink[y * CANVAS + x] = 1;
  }
  return ink;
}

/** Inclusive bounds of the pixels above `threshold` in a 28×28 image: width and height. */
function boxSize(image: Float32Array, threshold = 0.05): { width: number; height: number } {
  let left = 28,
    top = 28,
    right = -1,
    bottom = -1;
  image.forEach((v, i) => {
    if (v <= threshold) return;
    const x = i % 28,
      y = Math.floor(i / 28);
    left = Math.min(left, x);
    right = Math.max(right, x);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
  });
  return { width: right - left + 1, height: bottom - top + 1 };
}

/** Asserts an MNIST-shaped output and returns it. */
function prepared(ink: Float32Array): Float32Array {
  const out = preprocessDrawing(ink, CANVAS, CANVAS);
  expect(out).not.toBeNull();
  const image = out as Float32Array;
  expect(image.length).toBe(784);
  expect(image.every((v) => v >= 0 && v <= 1)).toBe(true);
  return image;
}

describe("centreOfMass", () => {
  it("uses pixel centres and weights by value", () => {
    expect(centreOfMass(Float32Array.from([1]), 1, 1)).toEqual({ x: 0.5, y: 0.5 });
    // 2×2: right column weighs 3× the left
    const com = centreOfMass(Float32Array.from([1, 3, 1, 3]), 2, 2);
    expect(com?.x).toBeCloseTo(1.25, 6);
    expect(com?.y).toBeCloseTo(1, 6);
    const uniform = centreOfMass(new Float32Array(28 * 28).fill(0.3), 28, 28);
    expect(uniform?.x).toBeCloseTo(14, 5);
    expect(uniform?.y).toBeCloseTo(14, 5);
  });

  it("is null for an all-zero image and rejects wrong sizes", () => {
    expect(centreOfMass(new Float32Array(9), 3, 3)).toBeNull();
    expect(() => centreOfMass(new Float32Array(8), 3, 3)).toThrow(/3×3 needs 9 values, got 8/);
  });
});

describe("preprocessDrawing", () => {
  it("centres an off-centre blob by its centre of mass", () => {
    const ink = fillRect(blank(), 10, 20, 60, 90); // top-left corner
    fillRect(ink, 40, 60, 60, 90, 0.5); // uneven weight so mass and box centres differ
    const com = centreOfMass(prepared(ink), 28, 28);
    expect(com).not.toBeNull();
    expect(Math.abs((com?.x ?? 0) - 14)).toBeLessThanOrEqual(1);
    expect(Math.abs((com?.y ?? 0) - 14)).toBeLessThanOrEqual(1);
  });

  it("centres an asymmetric shape (an L) by mass, not by box", () => {
    const ink = fillRect(blank(), 200, 30, 215, 250); // vertical bar
    fillRect(ink, 200, 235, 270, 250); // foot to the right
    const image = prepared(ink);
    const com = centreOfMass(image, 28, 28);
    expect(Math.abs((com?.x ?? 0) - 14)).toBeLessThanOrEqual(1);
    expect(Math.abs((com?.y ?? 0) - 14)).toBeLessThanOrEqual(1);
    expect(boxSize(image).height).toBe(20);
  });

  it("scales a tall stroke to 20 px high and a wide one to 20 px wide", () => {
    const tall = boxSize(prepared(fillRect(blank(), 130, 40, 145, 239)));
    expect(Math.abs(tall.height - 20)).toBeLessThanOrEqual(1);
    expect(tall.width).toBeLessThanOrEqual(3);
    const wide = boxSize(prepared(fillRect(blank(), 50, 100, 249, 111)));
    expect(Math.abs(wide.width - 20)).toBeLessThanOrEqual(1);
    expect(wide.height).toBeLessThanOrEqual(3);
  });

  it("keeps the aspect ratio", () => {
    const upright = boxSize(prepared(fillRect(blank(), 90, 40, 189, 239))); // 100 × 200
    expect(upright.height).toBe(20);
    expect(upright.width).toBe(10);
    const small = boxSize(prepared(fillRect(blank(), 5, 5, 19, 9))); // 15 × 5, scaled up
    expect(small.width).toBe(20);
    expect(Math.abs(small.height - 7)).toBeLessThanOrEqual(1);
  });

  it("returns null for an empty or faint-only drawing", () => {
    expect(preprocessDrawing(blank(), CANVAS, CANVAS)).toBeNull();
    expect(preprocessDrawing(blank().fill(0.04), CANVAS, CANVAS)).toBeNull();
  });

  it("keeps a 1-px stroke visible after a 10× downscale", () => {
    const diagonal = prepared(drawLine(blank(), 30, 30, 250, 250));
    expect(Math.max(...diagonal)).toBeGreaterThan(0.1);
    const seven = drawLine(drawLine(blank(), 40, 40, 240, 40), 240, 40, 120, 260);
    const image = prepared(seven);
    expect(Math.max(...image)).toBeGreaterThan(0.1);
    expect(image.filter((v) => v > 0.1).length).toBeGreaterThan(20);
  });

  it("clamps ink above 1", () => {
    const image = prepared(fillRect(blank(), 100, 100, 180, 180, 3));
    expect(Math.max(...image)).toBe(1);
  });

  it("throws a clear error on inconsistent sizes", () => {
    expect(() => preprocessDrawing(new Float32Array(100), 280, 280)).toThrow(/280×280 needs 78400 values, got 100/);
    expect(() => preprocessDrawing(new Float32Array(0), 0, 0)).toThrow(/positive integers/);
    expect(() => preprocessDrawing(new Float32Array(6), 2.5, 2.4)).toThrow(/positive integers/);
  });
});
