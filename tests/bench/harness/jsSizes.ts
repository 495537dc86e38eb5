// Sizes of the app's JavaScript and WebAssembly in dist/, raw and gzip, split by who loads them.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";

/** One file: its dist path and sizes in bytes. */
export interface FileSize {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** A group of files and its totals. */
export interface SizeGroup {
  files: FileSize[];
  bytes: number;
  gzipBytes: number;
}

/** JS and wasm sizes, grouped. */
export interface JsSizes {
  /** What index.html loads before anything else runs: its module scripts and modulepreloads. */
  mainInitial: SizeGroup;
  /** Every script the page's main thread fetched (the initial set plus lazy chunks, e.g. the trainer client). */
  mainAll: SizeGroup;
  /** The trainer worker's script and every script it fetched. */
  worker: SizeGroup;
  /** The .wasm files the worker fetched. */
  wasmFetched: SizeGroup;
  /** Every .wasm file in dist/assets (the threaded build is never fetched: no cross-origin isolation). */
  wasmAll: SizeGroup;
  /** Every .js file in dist/assets. */
  allJs: SizeGroup;
}

/** Raw and gzip (level 9, as a server would precompress) size of one file under dist/. */
function sizeOf(distDir: string, file: string): FileSize {
  const bytes = readFileSync(`${distDir}/${file}`);
  return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/** Sizes of distinct files, with totals. */
function group(distDir: string, files: string[]): SizeGroup {
  const sized = [...new Set(files)].sort().map((file) => sizeOf(distDir, file));
  return {
    files: sized,
    bytes: sized.reduce((n, f) => n + f.bytes, 0),
    gzipBytes: sized.reduce((n, f) => n + f.gzipBytes, 0),
  };
}

/** dist-relative path of a URL served from the preview origin (e.g. "assets/index-abc.js"). */
function distPath(url: string): string {
  return decodeURIComponent(new URL(url).pathname).replace(/^\//, "");
}

/** index.html's module scripts and modulepreload links. */
export function initialScripts(distDir: string): string[] {
  const html = readFileSync(`${distDir}/index.html`, "utf8");
  const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  return [...scripts, ...preloads].map((p) => p.replace(/^\//, ""));
}

/** Groups the files by loader: index.html, the page's fetches, the worker's fetches; URLs are from Resource Timing. */
export function measureJsSizes(
  distDir: string,
  fetched: { page: string[]; worker: string[]; workerUrl: string | null },
): JsSizes {
  const assets = readdirSync(`${distDir}/assets`).map((f) => `assets/${f}`);
  const pageFiles = fetched.page.map(distPath);
  const workerFiles = [...(fetched.workerUrl ? [distPath(fetched.workerUrl)] : []), ...fetched.worker.map(distPath)];
  const initial = initialScripts(distDir);
  return {
    mainInitial: group(distDir, initial),
    mainAll: group(distDir, [...initial, ...pageFiles.filter((f) => f.endsWith(".js"))]),
    worker: group(
      distDir,
      workerFiles.filter((f) => f.endsWith(".js")),
    ),
    wasmFetched: group(
      distDir,
      workerFiles.filter((f) => f.endsWith(".wasm")),
    ),
    wasmAll: group(
      distDir,
      assets.filter((f) => f.endsWith(".wasm")),
    ),
    allJs: group(
      distDir,
      assets.filter((f) => f.endsWith(".js")),
    ),
  };
}
