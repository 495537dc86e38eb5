import { describe, expect, it } from "vitest";
import type { BackendProbe } from "./backendTypes.ts";
import { autoCandidates, describeSpeeds } from "./autoChoice.ts";

const probe = (name: BackendProbe["name"], available: boolean, isSoftware = false): BackendProbe => ({
  name,
  available,
  device: null,
  isSoftware,
});

describe("autoCandidates", () => {
  it("times hardware GPUs and WASM; skips software GPUs and CPU with a reason", () => {
    const { timed, skipped } = autoCandidates([
      probe("webgpu", true),
      probe("webgl", true, true),
      probe("wasm", true),
      probe("cpu", true),
    ]);
    expect(timed).toEqual(["webgpu", "wasm"]);
    expect(skipped.map((s) => [s.name, s.note])).toEqual([
      ["webgl", "software GPU, not timed"],
      ["cpu", "not timed: slower than WASM"],
    ]);
  });

  it("times CPU when nothing else can be timed", () => {
    expect(
      autoCandidates([probe("webgpu", false), probe("webgl", true, true), probe("wasm", false), probe("cpu", true)])
        .timed,
    ).toEqual(["cpu"]);
  });
});

describe("describeSpeeds", () => {
  it("lists the timed backends fastest first, then the chosen one, then the untimed with why", () => {
    const text = describeSpeeds(
      [
        { name: "wasm", examplesPerSec: 2412, note: "" },
        { name: "webgl", examplesPerSec: 4100, note: "" },
        { name: "webgpu", examplesPerSec: null, note: "did not start" },
      ],
      "webgl",
    );
    expect(text).toBe("Auto: WebGL: 4.1k ex/s, WASM: 2.4k ex/s → WebGL (WebGPU did not start).");
  });
});
