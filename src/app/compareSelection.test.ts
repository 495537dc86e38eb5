import { expect, it } from "vitest";
import { keptCompared, MAX_COMPARED, toggleCompared } from "./compareSelection.ts";

it("ticks and unticks runs, in the order chosen", () => {
  let ids: number[] = [];
  ids = toggleCompared(ids, 3).ids;
  ids = toggleCompared(ids, 1).ids;
  expect(ids).toEqual([3, 1]);
  expect(toggleCompared(ids, 3)).toEqual({ ids: [1], refused: null });
});

it("refuses a fifth run with a message and keeps the four", () => {
  const four = [1, 2, 3, 4];
  expect(MAX_COMPARED).toBe(4);
  const r = toggleCompared(four, 5);
  expect(r.ids).toEqual(four);
  expect(r.refused).toMatch(/At most 4 runs/);
  expect(toggleCompared(four, 2)).toEqual({ ids: [1, 3, 4], refused: null });
});

it("drops chosen runs that are no longer earlier runs", () => {
  expect(keptCompared([5, 2, 9], [1, 2, 3, 9])).toEqual([2, 9]);
});
