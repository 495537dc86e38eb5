import { describe, expect, it } from "vitest";
import type { BackendProbe } from "./backendTypes.ts";
import { rankBackends } from "./probeBackends.ts";

const probe = (name: BackendProbe["name"], available: boolean, isSoftware = false): BackendProbe => ({
  name,
  available,
  device: null,
  isSoftware,
});

describe("rankBackends", () => {
  it("prefers hardware WebGPU, then hardware WebGL, then WASM, then CPU", () => {
    expect(
      rankBackends([probe("webgpu", true), probe("webgl", true), probe("wasm", true), probe("cpu", true)]),
    ).toEqual(["webgpu", "webgl", "wasm", "cpu"]);
  });

  it("puts software GPUs (SwiftShader, fallback adapters) below WASM, WebGL above WebGPU", () => {
    expect(
      rankBackends([probe("webgpu", true, true), probe("webgl", true, true), probe("wasm", true), probe("cpu", true)]),
    ).toEqual(["wasm", "webgl", "webgpu", "cpu"]);
  });

  it("skips backends that are not available", () => {
    expect(
      rankBackends([probe("webgpu", false), probe("webgl", true), probe("wasm", false), probe("cpu", true)]),
    ).toEqual(["webgl", "cpu"]);
  });
});
