import { describe, expect, it, vi } from "vitest";
import { MAX_MODEL_JSON_CHARS, MAX_WEIGHTS_BYTES } from "./fileLimits.ts";
import {
  findModelJson,
  manifestPaths,
  pickWeightFiles,
  readPickedModelFiles,
  withoutCopyNumber,
  type PickedFile,
} from "./pickModelFiles.ts";

/** A picked file that only says its size; reading it is recorded (and gives `size` zero bytes). */
function fakeFile(name: string, size: number, text = "") {
  return {
    name,
    size,
    text: vi.fn(async () => text),
    arrayBuffer: vi.fn(async () => new ArrayBuffer(size)),
  } satisfies PickedFile;
}

const modelJson = (paths: string[][]) =>
  JSON.stringify({ modelTopology: {}, weightsManifest: paths.map((p) => ({ paths: p, weights: [] })) });
const MB20 = 20 * 1024 * 1024;

describe("picking the files of an import", () => {
  it("an unrelated 20 MB file is refused by name, before any weight file is read", async () => {
    const json = fakeFile("model.json", 200, modelJson([["weights.bin"]]));
    const weights = fakeFile("weights.bin", 24_000);
    const holiday = fakeFile("holiday.mp4", MB20);
    const read = await readPickedModelFiles([holiday, json, weights]);
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.error).toBe(
        'You picked 3 files, but model.json names only "weights.bin": pick model.json with just that file, without "holiday.mp4".',
      );
    expect(json.text).toHaveBeenCalledTimes(1); // model.json is read first
    expect(holiday.arrayBuffer).not.toHaveBeenCalled();
    expect(holiday.text).not.toHaveBeenCalled();
    expect(weights.arrayBuffer).not.toHaveBeenCalled();
  });

  it("reads model.json, then only the files its manifest names, keyed by the manifest's paths", async () => {
    const json = fakeFile(
      "model.json",
      300,
      modelJson([["group1-shard1of2.bin", "group1-shard2of2.bin"], ["extra/head.bin"]]),
    );
    const parts = [fakeFile("group1-shard2of2.bin", 8), fakeFile("head.bin", 4), fakeFile("group1-shard1of2.bin", 16)];
    const read = await readPickedModelFiles([...parts, json]);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.jsonName).toBe("model.json");
    expect([...read.value.weights].map(([path, bytes]) => [path, bytes.byteLength])).toEqual([
      ["group1-shard1of2.bin", 16],
      ["group1-shard2of2.bin", 8],
      ["extra/head.bin", 4],
    ]);
    for (const part of parts) expect(part.arrayBuffer).toHaveBeenCalledTimes(1);
  });

  it("a model.json that is too large or not a manifest is refused before a weight file is read", async () => {
    const weights = fakeFile("weights.bin", 100);
    const huge = fakeFile("model.json", MAX_MODEL_JSON_CHARS * 3 + 1);
    const first = await readPickedModelFiles([huge, weights]);
    expect(first.ok || first.error).toContain("a model.json is at most");
    expect(huge.text).not.toHaveBeenCalled();
    for (const text of [
      "{not json",
      "[]",
      JSON.stringify({ weightsManifest: [] }),
      JSON.stringify({ weightsManifest: [{ paths: [3] }] }),
    ]) {
      const read = await readPickedModelFiles([fakeFile("model.json", text.length, text), weights]);
      expect(read.ok, text).toBe(false);
    }
    expect(weights.arrayBuffer).not.toHaveBeenCalled();
  });

  it("names the missing, twice-picked, too-large and too-large-together files", () => {
    expect(pickWeightFiles(["a.bin", "b.bin"], [{ name: "a.bin", size: 1 }])).toEqual({
      ok: false,
      error: 'model.json needs "b.bin", which was not picked: pick model.json together with "a.bin", "b.bin".',
    });
    expect(
      pickWeightFiles(
        ["a.bin"],
        [
          { name: "a.bin", size: 1 },
          { name: "a.bin", size: 1 },
        ],
      ),
    ).toMatchObject({ ok: false, error: expect.stringContaining("picked 2 times") });
    expect(pickWeightFiles(["a.bin"], [{ name: "a.bin", size: MAX_WEIGHTS_BYTES + 1 }])).toMatchObject({
      ok: false,
      error: expect.stringContaining("at most 20,000,000 bytes"),
    });
    const half = Math.ceil(MAX_WEIGHTS_BYTES / 2) + 1;
    expect(
      pickWeightFiles(
        ["a.bin", "b.bin"],
        [
          { name: "a.bin", size: half },
          { name: "b.bin", size: half },
        ],
      ),
    ).toMatchObject({ ok: false, error: expect.stringContaining("together") });
    expect(pickWeightFiles(["w/a.bin"], [{ name: "a.bin", size: 4 }])).toEqual({
      ok: true,
      value: [{ path: "w/a.bin", file: { name: "a.bin", size: 4 } }],
    });
  });

  it("finds model.json among the picked files, and lists each manifest path once", () => {
    expect(findModelJson([{ ...fakeFile("weights.bin", 1) }])).toMatchObject({
      ok: false,
      error: expect.stringContaining("Pick model.json"),
    });
    expect(findModelJson([fakeFile("a.json", 1), fakeFile("b.json", 1)])).toMatchObject({
      ok: false,
      error: expect.stringContaining("one model.json"),
    });
    expect(findModelJson([fakeFile("notes.json", 1), fakeFile("model.json", 1)])).toMatchObject({
      ok: true,
      value: { name: "model.json" },
    });
    expect(manifestPaths(modelJson([["a.bin", "b.bin"], ["a.bin"]]))).toEqual({ ok: true, value: ["a.bin", "b.bin"] });
  });

  it("a browser's second download, model (1).json + weights (1).bin, imports under the manifest's path", async () => {
    const json = fakeFile("model (1).json", 200, modelJson([["weights.bin"]]));
    const weights = fakeFile("weights (1).bin", 24);
    const read = await readPickedModelFiles([weights, json]);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.jsonName).toBe("model (1).json");
    expect([...read.value.weights].map(([path, bytes]) => [path, bytes.byteLength])).toEqual([["weights.bin", 24]]);
  });

  it('one weight file for a manifest of one path is used whatever its name; several are matched by name, a " (n)" ignored', () => {
    expect(pickWeightFiles(["weights.bin"], [{ name: "renamed.bin", size: 4 }])).toEqual({
      ok: true,
      value: [{ path: "weights.bin", file: { name: "renamed.bin", size: 4 } }],
    });
    const shards = [
      { name: "group1-shard2of2 (3).bin", size: 8 },
      { name: "group1-shard1of2(2).bin", size: 16 },
    ];
    expect(pickWeightFiles(["group1-shard1of2.bin", "group1-shard2of2.bin"], shards)).toEqual({
      ok: true,
      value: [
        { path: "group1-shard1of2.bin", file: shards[1] },
        { path: "group1-shard2of2.bin", file: shards[0] },
      ],
    });
    // an exact name wins over a copy; the copy is then left over and named
    expect(
      pickWeightFiles(
        ["weights.bin"],
        [
          { name: "weights (1).bin", size: 4 },
          { name: "weights.bin", size: 4 },
        ],
      ),
    ).toMatchObject({ ok: false, error: expect.stringContaining('without "weights (1).bin"') });
    expect(
      pickWeightFiles(
        ["a.bin", "b.bin"],
        [
          { name: "a (1).bin", size: 1 },
          { name: "c.bin", size: 1 },
        ],
      ),
    ).toMatchObject({ ok: false, error: expect.stringContaining('needs "b.bin"') });
    expect(withoutCopyNumber("model (12).json")).toBe("model.json");
    expect(withoutCopyNumber("weights(1)")).toBe("weights");
    expect(withoutCopyNumber("shard (1) of 2.bin")).toBe("shard (1) of 2.bin");
    expect(findModelJson([fakeFile("notes.json", 1), fakeFile("model (1).json", 1)])).toMatchObject({
      ok: true,
      value: { name: "model (1).json" },
    });
  });
});
