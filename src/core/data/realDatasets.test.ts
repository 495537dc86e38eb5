// Checks the generated public/datasets files (skipped until `node src/build/buildDatasets.mjs` has run).
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { decodeDatasetFile, type DatasetSplit } from "./datasetFormat.ts";
import { BUNDLED_DATASET_IDS, DATASETS, type DatasetId } from "./datasets.ts";
import { FIRST_PART_IMAGES, loadDataset, type DatasetManifest } from "./loadDataset.ts";
import { DATASETS_DIR, readDatasetFile, readDownload, readManifest } from "../../../tests/helpers/datasets.ts";

const hasDatasets =
  existsSync(new URL("mnist-train.cnpz", DATASETS_DIR)) && existsSync(new URL("manifest.json", DATASETS_DIR));

/** Images per class id. */
function classCounts(split: DatasetSplit): number[] {
  const counts = new Array<number>(split.numClasses).fill(0);
  split.labels.forEach((label) => counts[label]++);
  return counts;
}

/** Indices of images whose pixels are all zero. */
function blankImages(split: DatasetSplit): number[] {
  const blank: number[] = [];
  for (let i = 0; i < split.count; i++)
    if (split.images.subarray(i * 784, (i + 1) * 784).every((v) => v === 0)) blank.push(i);
  return blank;
}

const EXPECTED_CLASS_COUNTS: Record<Exclude<DatasetId, "custom">, { train: number[]; test: number[] }> = {
  mnist: {
    train: [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949],
    test: [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009],
  },
  "fashion-mnist": { train: new Array<number>(10).fill(6000), test: new Array<number>(10).fill(1000) },
};

/** Serves public/datasets from disk to the real fetch path (fetchBytes: streaming, gzip decoding). */
function serveFromDisk(): void {
  vi.stubGlobal("fetch", async (url: string) => {
    const name = new URL(url, "http://localhost/").pathname.split("/").at(-1) ?? "";
    if (name === "manifest.json") return new Response(JSON.stringify(readManifest()));
    return new Response(readDownload(name));
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe.skipIf(!hasDatasets)("generated datasets in public/datasets", () => {
  // Files are read in beforeAll: a skipped suite's body still runs during collection.
  let manifest: DatasetManifest;
  beforeAll(() => {
    manifest = readManifest();
  });

  describe.each(BUNDLED_DATASET_IDS)("%s", (id) => {
    const info = DATASETS[id];
    let train: DatasetSplit;
    let test: DatasetSplit;
    let preview: DatasetSplit;
    beforeAll(() => {
      train = decodeDatasetFile(readDatasetFile(info.files.train));
      test = decodeDatasetFile(readDatasetFile(info.files.test));
      preview = decodeDatasetFile(readDatasetFile(info.files.preview));
    });

    it("has the registry's counts, shape and per-class counts", () => {
      expect(train.count).toBe(60_000);
      expect(test.count).toBe(10_000);
      for (const split of [train, test, preview]) {
        expect([split.rows, split.cols, split.channels]).toEqual([...info.inputShape]);
        expect(split.numClasses).toBe(info.numClasses);
      }
      expect(classCounts(train)).toEqual(EXPECTED_CLASS_COUNTS[id].train);
      expect(classCounts(test)).toEqual(EXPECTED_CLASS_COUNTS[id].test);
      expect(new Set(train.labels.subarray(0, 100)).size).toBe(10);
      expect(blankImages(train)).toEqual([]);
      expect(blankImages(test)).toEqual([]);
    });

    it("is in a class-mixed order: the first part that training starts on holds every class in about its share", () => {
      const firstPart = { ...train, count: FIRST_PART_IMAGES, labels: train.labels.subarray(0, FIRST_PART_IMAGES) };
      const shares = classCounts(firstPart).map((n) => n / FIRST_PART_IMAGES);
      expect(Math.min(...shares)).toBeGreaterThan(0.08); // MNIST's smallest is 8.6% (its fives), as in the whole set
      expect(Math.max(...shares)).toBeLessThan(0.12);
    });

    it("matches the manifest", () => {
      const entries = [info.files.train, info.files.test, info.files.preview].map(
        (fileName) => manifest.files[fileName],
      );
      expect(entries).toMatchObject(
        [train, test, preview].map((split) => ({ bytes: 16 + split.count * 785, count: split.count })),
      );
      for (const entry of entries) {
        const bytes = readDownload(entry.download!.file);
        expect(bytes.length).toBe(entry.download!.bytes);
        expect(createHash("sha256").update(bytes).digest("hex")).toBe(entry.download!.sha256);
      }
    });

    it("previews the first 10 test images of each class, class by class", () => {
      expect(Array.from(preview.labels)).toEqual(Array.from({ length: 100 }, (_, i) => Math.floor(i / 10)));
      const testIndices = Array.from(test.labels.keys());
      const firstIndices = Array.from({ length: 10 }, (_, label) =>
        testIndices.filter((i) => test.labels[i] === label).slice(0, 10),
      ).flat();
      const expectedPixels = Buffer.concat(
        firstIndices.map((source) => test.images.subarray(source * 784, (source + 1) * 784)),
      );
      expect(Buffer.from(preview.images).equals(expectedPixels)).toBe(true);
    });

    it("loads through loadDataset: the downloads decode to the same images", async () => {
      serveFromDisk();
      const loaded = await loadDataset(id, "http://localhost/datasets/");
      expect([loaded.train.count, loaded.test.count]).toEqual([60_000, 10_000]);
      expect(Buffer.from(loaded.test.images).equals(test.images)).toBe(true);
      expect(Buffer.from(loaded.train.labels).equals(train.labels)).toBe(true);
    });
  });
});
