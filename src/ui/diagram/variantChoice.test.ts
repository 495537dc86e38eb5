import { describe, expect, it } from "vitest";
import type { LayerConfig } from "../../config/schema.ts";
import { inferShapes } from "../../core/model/inferShapes.ts";
import { removedMap, variantCaption, variantChoices } from "./variantChoice.ts";

const layers: LayerConfig[] = [
  { kind: "conv2d", filters: 8, kernelSize: 3, stride: 1, padding: "valid", activation: "relu" },
  { kind: "flatten" },
  { kind: "dense", units: 16, activation: "relu" },
];
const stats = inferShapes(layers, [28, 28, 1], 10);

describe("the diagram's variant choice", () => {
  const baseline = { id: 0, label: "Baseline", filters: [[0, 8, 8] as [number, number, number]] };
  const pruned = {
    id: 1,
    label: "50% filters",
    filters: [
      [0, 4, 8],
      [2, 8, 16],
    ] as Array<[number, number, number]>,
  };

  it("offers only variants that removed something, the live one last", () => {
    const choices = variantChoices([baseline, pruned], { ...pruned, id: 0 });
    expect(choices.map((c) => [c.key, c.label])).toEqual([
      ["kept-1", "50% filters"],
      ["current", "50% filters (current settings)"],
    ]);
    expect(variantChoices([baseline], null)).toEqual([]);
  });

  it("maps the counts by stack index while they describe the stack, else null", () => {
    expect(removedMap(pruned.filters, layers, stats)).toEqual(
      new Map([
        [0, { kept: 4, total: 8 }],
        [2, { kept: 8, total: 16 }],
      ]),
    );
    const edited = layers.map((l) => (l.kind === "conv2d" ? { ...l, filters: 12 } : l));
    expect(removedMap(pruned.filters, edited, inferShapes(edited, [28, 28, 1], 10))).toBeNull();
    expect(removedMap(pruned.filters.slice(0, 1), layers, stats)).toBeNull();
  });

  it("says what is drawn in one short line", () => {
    expect(variantCaption(variantChoices([pruned], null)[0])).toBe(
      "Variant: 50% filters: removed filters dashed; 4 of 8 of layer 1, 8 of 16 of layer 3 removed.",
    );
  });
});
