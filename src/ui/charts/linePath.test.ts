import { describe, expect, it } from "vitest";
import { linePath } from "./linePath.ts";

interface P {
  s: number;
  v: number | null;
}
const px = (p: P) => p.s;
const py = (p: P) => p.v;
const double = (v: number) => v * 2;
const flip = (v: number) => 100 - v;

describe("linePath", () => {
  it("joins points with straight segments, scaled", () => {
    const d = linePath<P>(
      [
        { s: 0, v: 10 },
        { s: 1, v: 20 },
        { s: 2, v: 5 },
      ],
      px,
      py,
      double,
      flip,
    );
    expect(d).toBe("M0,90L2,80L4,95");
  });

  it("breaks the line at null and non-finite values", () => {
    const d = linePath<P>(
      [
        { s: 0, v: 1 },
        { s: 1, v: 2 },
        { s: 2, v: null },
        { s: 3, v: Number.NaN },
        { s: 4, v: 3 },
        { s: 5, v: 4 },
      ],
      px,
      py,
      double,
      flip,
    );
    expect(d).toBe("M0,99L2,98M8,97L10,96");
  });

  it("skips values the scale cannot place", () => {
    const partial = (v: number) => (v > 1 ? undefined : v);
    expect(
      linePath<P>(
        [
          { s: 0, v: 0 },
          { s: 1, v: 1 },
          { s: 2, v: 2 },
        ],
        px,
        py,
        double,
        partial,
      ),
    ).toBe("M0,0L2,1");
  });

  it("rounds to a tenth of a pixel and draws nothing for no points", () => {
    expect(
      linePath<P>(
        [{ s: 0.123, v: 1.26 }],
        px,
        py,
        (v) => v,
        (v) => v,
      ),
    ).toBe("M0.1,1.3");
    expect(linePath<P>([], px, py, double, flip)).toBe("");
  });
});
