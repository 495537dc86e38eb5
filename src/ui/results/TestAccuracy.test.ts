import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { backendDisplayName, TestAccuracy } from "./TestAccuracy.tsx";

describe("TestAccuracy names the backend as people read it", () => {
  it("maps lower-case backend ids (imported models record them) to their labels", () => {
    expect(backendDisplayName("wasm")).toBe("WASM");
    expect(backendDisplayName("webgl")).toBe("WebGL");
    expect(backendDisplayName("webgpu")).toBe("WebGPU");
    expect(backendDisplayName("cpu")).toBe("CPU");
    expect(backendDisplayName("WASM")).toBe("WASM");
    expect(backendDisplayName("constructor")).toBe("constructor");
  });

  it("renders 'measured with WASM' for an imported model, and no 'measured with' when the backend is unknown", () => {
    const render = (backendLabel: string) =>
      renderToStaticMarkup(
        createElement(TestAccuracy, { accuracy: 0.98, loss: null, testCount: 10_000, backendLabel }),
      );
    expect(render("wasm")).toContain("measured with WASM");
    expect(render("wasm")).not.toContain("measured with wasm");
    expect(render("")).not.toContain("measured with");
  });
});
