// "Your images" as one file to keep or pass on: "CNPI", a version, a JSON manifest (class names and counts, image
// size and channels) and then every image's pixels, class after class. Not compressed: callers may gzip the bytes.
// decodeBundle reads files from anywhere, so it checks everything and fails only with an Error that says what is wrong.

export interface ImageBundle {
  classes: Array<{ name: string; images: Uint8Array[] }>;
  size: number;
  channels: 1 | 3;
}

export const BUNDLE_MAGIC = "CNPI";
export const BUNDLE_VERSION = 1;
export const MAX_BUNDLE_CLASSES = 10;
export const MAX_BUNDLE_IMAGES = 5000;
const MAX_NAME_LENGTH = 100;
const MAX_SIZE = 256;
/** magic (4) + version (u16) + manifest length (u32) */
const PREFIX = 10;

interface Manifest {
  size: number;
  channels: 1 | 3;
  classes: Array<{ name: string; count: number }>;
}

const fail = (why: string): never => {
  throw new Error(`Not a usable image bundle: ${why}.`);
};

/** Throws unless the manifest describes something this app can hold. */
function checkManifest(m: Manifest): void {
  if (!Number.isInteger(m.size) || m.size < 1 || m.size > MAX_SIZE)
    fail(`the image size ${String(m.size)} is not 1–${MAX_SIZE}`);
  if (m.channels !== 1 && m.channels !== 3) fail(`${String(m.channels)} channels (1 or 3 expected)`);
  if (!Array.isArray(m.classes) || m.classes.length === 0) fail("it has no classes");
  if (m.classes.length > MAX_BUNDLE_CLASSES)
    fail(`${m.classes.length} classes; at most ${MAX_BUNDLE_CLASSES} are allowed`);
  const seen = new Set<string>();
  let total = 0;
  for (const c of m.classes) {
    if (typeof c !== "object" || c === null) fail("a class is not described");
    if (typeof c.name !== "string" || c.name.trim() === "" || c.name.length > MAX_NAME_LENGTH) {
      fail(`a class name must be 1–${MAX_NAME_LENGTH} characters`);
    }
    if (seen.has(c.name)) fail(`the class name "${c.name}" appears twice`);
    seen.add(c.name);
    if (!Number.isInteger(c.count) || c.count < 0) fail(`class "${c.name}" has an impossible image count`);
    total += c.count;
  }
  if (total > MAX_BUNDLE_IMAGES) {
    fail(`${total.toLocaleString("en-US")} images; at most ${MAX_BUNDLE_IMAGES.toLocaleString("en-US")} are allowed`);
  }
}

/** The bundle's bytes; throws when the classes break the same rules decodeBundle checks. */
export function encodeBundle(bundle: ImageBundle): Uint8Array {
  const manifest: Manifest = {
    size: bundle.size,
    channels: bundle.channels,
    classes: bundle.classes.map((c) => ({ name: c.name, count: c.images.length })),
  };
  checkManifest(manifest);
  const imageBytes = bundle.size * bundle.size * bundle.channels;
  for (const c of bundle.classes) {
    if (c.images.some((image) => image.length !== imageBytes)) {
      fail(`an image of "${c.name}" is not ${bundle.size}×${bundle.size}×${bundle.channels} bytes`);
    }
  }
  const json = new TextEncoder().encode(JSON.stringify(manifest));
  const total = manifest.classes.reduce((n, c) => n + c.count, 0);
  const out = new Uint8Array(PREFIX + json.length + total * imageBytes);
  out.set(new TextEncoder().encode(BUNDLE_MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint16(4, BUNDLE_VERSION, true);
  view.setUint32(6, json.length, true);
  out.set(json, PREFIX);
  let at = PREFIX + json.length;
  for (const c of bundle.classes) {
    for (const image of c.images) {
      out.set(image, at);
      at += imageBytes;
    }
  }
  return out;
}

/** The bundle in `bytes`; throws an Error saying what is wrong with anything else. */
export function decodeBundle(bytes: Uint8Array): ImageBundle {
  if (bytes.length < PREFIX) fail(`the file is too short (${bytes.length} bytes)`);
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== BUNDLE_MAGIC) {
    fail(`it does not start with "${BUNDLE_MAGIC}"`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== BUNDLE_VERSION) fail(`version ${version}; this app reads version ${BUNDLE_VERSION}`);
  const jsonLength = view.getUint32(6, true);
  if (jsonLength > bytes.length - PREFIX) fail("the file is cut short (its manifest is incomplete)");
  let manifest: Manifest;
  try {
    manifest = JSON.parse(
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(PREFIX, PREFIX + jsonLength)),
    );
  } catch {
    return fail("its manifest is not valid JSON");
  }
  if (typeof manifest !== "object" || manifest === null) fail("its manifest is not an object");
  checkManifest(manifest);
  const imageBytes = manifest.size * manifest.size * manifest.channels;
  const total = manifest.classes.reduce((n, c) => n + c.count, 0);
  const pixels = bytes.length - PREFIX - jsonLength;
  if (pixels !== total * imageBytes) {
    const found = pixels < total * imageBytes ? "the file is cut short" : "extra bytes follow them";
    fail(`the manifest lists ${total} images (${total * imageBytes} bytes) but ${found} (${pixels} bytes)`);
  }
  let at = PREFIX + jsonLength;
  const classes = manifest.classes.map((c) => {
    const images: Uint8Array[] = [];
    for (let k = 0; k < c.count; k++, at += imageBytes) images.push(bytes.slice(at, at + imageBytes));
    return { name: c.name, images };
  });
  return { classes, size: manifest.size, channels: manifest.channels };
}
