import { describe, expect, it } from "vitest";
import { DEFAULT_COMPRESSION, variantKey, type CompressionSpec } from "./compression.ts";

const quantized: CompressionSpec = {
  ...DEFAULT_COMPRESSION,
  quantization: { ...DEFAULT_COMPRESSION.quantization, enabled: true, weightBits: 4 },
};

describe("variantKey", () => {
  it("ignores the settings of a part switched off", () => {
    const otherPruning = { ...quantized, pruning: { ...quantized.pruning, sparsity: 0.8, method: "filters" as const } };
    expect(variantKey(otherPruning)).toBe(variantKey(quantized));
  });

  it("ignores the order of the fields", () => {
    const reordered: CompressionSpec = {
      quantization: Object.fromEntries(
        Object.entries(quantized.quantization).reverse(),
      ) as CompressionSpec["quantization"],
      pruning: quantized.pruning,
    };
    expect(variantKey(reordered)).toBe(variantKey(quantized));
  });

  it("tells apart settings that change the variant", () => {
    const int8 = { ...quantized, quantization: { ...quantized.quantization, weightBits: 8 as const } };
    const pruned = { ...quantized, pruning: { ...quantized.pruning, enabled: true } };
    expect(new Set([quantized, int8, pruned, DEFAULT_COMPRESSION].map(variantKey)).size).toBe(4);
  });
});
