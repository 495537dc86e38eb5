import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, applyPreset } from "../../config/presets.ts";
import { stackProblem } from "../../app/urlSync.ts";
import { shareStatus } from "./ShareButton.tsx";

describe("Share's message", () => {
  it("says the link was copied, and nothing more, for a stack that trains", () => {
    expect(shareStatus(true, stackProblem(DEFAULT_CONFIG))).toBe("Link copied.");
    expect(shareStatus(false, null)).toBe("Copy the link below:");
  });

  it("still copies a stack that does not train yet, and says so with its error", () => {
    const tiny = applyPreset(DEFAULT_CONFIG, "tiny");
    const halfEdited = {
      ...tiny,
      layers: [
        ...tiny.layers,
        { kind: "conv2d", filters: 32, kernelSize: 3, stride: 1, padding: "valid", activation: "relu" } as const,
      ],
    };
    const problem = stackProblem(halfEdited);
    expect(problem).toMatch(/^Layer 6 \("c32k3"\): /);
    expect(shareStatus(true, problem)).toBe(
      `Link copied; note: this stack does not train yet: ${problem?.replace(/\.?$/, ".")}`,
    );
    expect(shareStatus(false, problem)).toMatch(
      /^Copy the link below; note: this stack does not train yet: Layer 6 \("c32k3"\): .*\.$/,
    );
  });
});
