import { expect, it } from "vitest";
import type { BackendProbe } from "./backendTypes.ts";
import { onnxBuilds } from "./onnxRuntimeLoader.ts";

const webgpu = (available: boolean, isSoftware: boolean): BackendProbe => ({
  name: "webgpu",
  available,
  device: "adapter",
  isSoftware,
});
const wasm: BackendProbe = { name: "wasm", available: true, device: null, isSoftware: false };

it("times ONNX Runtime's WebGPU provider only on a hardware adapter (a software GPU is not a GPU)", () => {
  expect(onnxBuilds([wasm])).toEqual(["wasm"]);
  expect(onnxBuilds([wasm, webgpu(true, true)])).toEqual(["wasm"]);
  expect(onnxBuilds([wasm, webgpu(false, false)])).toEqual(["wasm"]);
  expect(onnxBuilds([wasm, webgpu(true, false)])).toEqual(["wasm", "webgpu"]);
});
