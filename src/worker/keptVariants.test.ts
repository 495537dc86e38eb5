import { describe, expect, it } from "vitest";
import { KEPT_VARIANT_BUDGET_BYTES, admitVariant, variantBytes, type VariantWeights } from "./keptVariants.ts";

/** A variant of `floats` float32 values (weights and pre-quantization copy). */
const variant = (floats: number): VariantWeights => ({
  weights: [new Float32Array(floats / 2)],
  masked: [new Float32Array(floats / 2)],
});

function cache() {
  const variants = new Map<string, VariantWeights>();
  const listed = new WeakSet<VariantWeights>();
  return {
    variants,
    listed,
    add: (key: string, kept: boolean, v = variant(1_000), limits?: { budgetBytes: number; maxPreviews: number }) =>
      admitVariant(variants, listed, key, v, kept, limits),
  };
}

describe("the variants whose weights the trainer keeps", () => {
  it("keeps every kept variant of a Seed-sized model (the page lists them all), far past the old 8", () => {
    const seedParams = 163_850;
    const c = cache();
    for (let i = 0; i < 40; i++) expect(c.add(`v${i}`, true, variant(2 * seedParams))).toEqual([]);
    expect(c.variants.size).toBe(40);
    expect(c.variants.has("v0")).toBe(true); // the first one still exports after 9 (and 40) keeps
    expect(Math.floor(KEPT_VARIANT_BUDGET_BYTES / variantBytes(variant(2 * seedParams)))).toBeGreaterThan(150);
  });

  it("live previews never push a kept variant out; only the newest 4 previews stay", () => {
    const c = cache();
    c.add("kept", true);
    for (let i = 0; i < 10; i++) expect(c.add(`preview${i}`, false)).toEqual([]);
    expect([...c.variants.keys()]).toEqual(["kept", "preview6", "preview7", "preview8", "preview9"]);
  });

  it("a preview of a kept spec stays listed, and keeping a previewed spec lists it", () => {
    const c = cache();
    c.add("a", true);
    c.add("a", false); // the form shows a kept spec again: a fresh copy of its weights, still listed
    c.add("b", false);
    c.add("b", true);
    for (let i = 0; i < 6; i++) c.add(`p${i}`, false);
    expect([...c.variants.keys()].slice(0, 2)).toEqual(["a", "b"]);
    expect(c.listed.has(c.variants.get("a") as VariantWeights)).toBe(true);
  });

  it("over the memory budget, a new keep drops previews first, then the oldest kept ones, and says which", () => {
    const c = cache();
    const limits = { budgetBytes: 4 * variantBytes(variant(1_000)), maxPreviews: 4 };
    for (const key of ["k1", "k2", "k3"]) c.add(key, true, variant(1_000), limits);
    c.add("p1", false, variant(1_000), limits);
    expect(c.add("k4", true, variant(1_000), limits)).toEqual([]); // the preview made room
    expect([...c.variants.keys()]).toEqual(["k1", "k2", "k3", "k4"]);
    expect(c.add("k5", true, variant(2_000), limits)).toEqual(["k1", "k2"]);
    expect([...c.variants.keys()]).toEqual(["k3", "k4", "k5"]);
  });

  it("a preview over the budget drops only previews (the page could not be told), and the newest always stays", () => {
    const c = cache();
    const limits = { budgetBytes: 2 * variantBytes(variant(1_000)), maxPreviews: 4 };
    c.add("k1", true, variant(1_000), limits);
    c.add("k2", true, variant(1_000), limits);
    expect(c.add("p1", false, variant(1_000), limits)).toEqual([]);
    expect([...c.variants.keys()]).toEqual(["k1", "k2", "p1"]);
    expect(c.add("p2", false, variant(1_000), limits)).toEqual([]);
    expect([...c.variants.keys()]).toEqual(["k1", "k2", "p2"]);
  });

  it("counts an array shared by the weights and the pre-quantization copy once", () => {
    const shared = new Float32Array(10);
    expect(variantBytes({ weights: [shared], masked: [shared] })).toBe(40);
  });
});
