/** What the "Your images" panel does: each change updates the page's class store and IndexedDB. */
import { CustomImageStore, type CustomMetaRecord } from "../../core/storage/customImages.ts";
import {
  MAX_CLASSES,
  MAX_CUSTOM_IMAGES,
  MIN_CLASSES,
  STORED_CHANNELS,
  STORED_SIZE,
  type ImageFormat,
} from "../../core/custom/customData.ts";
import { decodeBundle, encodeBundle } from "../../core/custom/bundle.ts";
import { decodeImageFiles } from "./decodeWorker.ts";
import { useCustomStore, type PageClass } from "./customStore.ts";

const set = useCustomStore.setState;
const get = useCustomStore.getState;
const storage = new CustomImageStore();
let localIds = -1;
let loading: Promise<void> | null = null;

function metaRecord(): CustomMetaRecord {
  const { classes, format, nextClassId } = get();
  return { classes: classes.map(({ id, name }) => ({ id, name })), format, nextClassId };
}

/** Runs a storage write; a failure is said in the panel (the change stays on the page until a reload). */
async function persist(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    set({ notice: `Your images could not be kept in this browser (${why}): they will be gone after a reload.` });
  }
}

const saveMeta = () => persist(() => storage.writeMeta(metaRecord()));

/** Reads the stored classes once (later calls wait for the same read). */
export function loadCustomClasses(): Promise<void> {
  loading ??= storage
    .read()
    .then((stored) => {
      if (!stored) return set({ loaded: true });
      const classes = stored.meta.classes.map((c) => ({
        id: c.id,
        name: c.name,
        images: (stored.images.get(c.id) ?? []).map(({ id, pixels }) => ({ id, pixels })),
      }));
      const format = stored.meta.format as ImageFormat;
      set({ loaded: true, classes, format, nextClassId: stored.meta.nextClassId });
    })
    .catch(() => set({ loaded: true, notice: "Your stored images could not be read in this browser." }));
  return loading;
}

const imageCount = () => get().classes.reduce((sum, c) => sum + c.images.length, 0);

function updateClass(classId: number, change: (c: PageClass) => PageClass): void {
  set({ classes: get().classes.map((c) => (c.id === classId ? change(c) : c)) });
}

/** Decodes and adds image files to a class; refused files and the image limit are said in the panel. */
export async function addImageFiles(classId: number, files: File[]): Promise<void> {
  set({ adding: get().adding + files.length });
  try {
    const { images, refused } = await decodeImageFiles(files, { size: STORED_SIZE, channels: STORED_CHANNELS });
    await addImages(classId, images);
    set({ refused });
  } finally {
    set({ adding: get().adding - files.length });
  }
}

/** Adds stored-format images (STORED_SIZE² colour) to a class, up to the limit on all images. */
export async function addImages(classId: number, images: Uint8Array[]): Promise<void> {
  const room = MAX_CUSTOM_IMAGES - imageCount();
  const kept = images.slice(0, Math.max(0, room));
  const over = kept.length < images.length;
  let ids: number[] = [];
  // the classes are stored first: images of classes never renamed (so never stored) were lost on a reload
  if (kept.length > 0) await saveMeta();
  await persist(async () => (ids = await storage.addImages(classId, kept)));
  if (ids.length !== kept.length) ids = kept.map(() => localIds--);
  updateClass(classId, (c) => ({ ...c, images: [...c.images, ...kept.map((pixels, i) => ({ id: ids[i], pixels }))] }));
  const limit = `Up to ${MAX_CUSTOM_IMAGES.toLocaleString("en")} images in all`;
  if (over) set({ notice: `${limit}: ${images.length - kept.length} were not added.` });
  else if (get().notice?.startsWith(limit)) set({ notice: null });
}

export async function deleteImage(classId: number, imageId: number): Promise<void> {
  updateClass(classId, (c) => ({ ...c, images: c.images.filter((i) => i.id !== imageId) }));
  if (imageId >= 0) await persist(() => storage.deleteImage(imageId));
}

export async function renameClass(classId: number, name: string): Promise<void> {
  updateClass(classId, (c) => ({ ...c, name: name.slice(0, 100) }));
  await saveMeta();
}

export async function addClass(): Promise<void> {
  const { classes, nextClassId } = get();
  if (classes.length >= MAX_CLASSES) return;
  const name = `Class ${classes.length + 1}`;
  set({ classes: [...classes, { id: nextClassId, name, images: [] }], nextClassId: nextClassId + 1 });
  await saveMeta();
}

export async function deleteClass(classId: number): Promise<void> {
  if (get().classes.length <= MIN_CLASSES) return;
  set({ classes: get().classes.filter((c) => c.id !== classId) });
  await saveMeta();
  await persist(() => storage.deleteClassImages(classId));
}

export async function chooseImageFormat(format: ImageFormat): Promise<void> {
  set({ format });
  await saveMeta();
}

/** Every class and image as one file (see bundle.ts): what "Export images" downloads. */
export function exportImages(): Uint8Array {
  const classes = get().classes.map((c) => ({ name: c.name, images: c.images.map((i) => i.pixels) }));
  return encodeBundle({ classes, size: STORED_SIZE, channels: STORED_CHANNELS });
}

/**
 * Replaces the classes with those of an exported file. A file that cannot be read, or holds images of another
 * size, or more than the limit, changes nothing and says why.
 */
export async function importImages(file: File): Promise<void> {
  let bundle;
  try {
    bundle = decodeBundle(new Uint8Array(await file.arrayBuffer()));
  } catch (error) {
    set({ notice: `${file.name} was not imported: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  if (bundle.size !== STORED_SIZE || bundle.channels !== STORED_CHANNELS) {
    const kind = `${bundle.size}×${bundle.size} ${bundle.channels === 1 ? "grey" : "colour"}`;
    set({ notice: `${file.name} holds ${kind} images; this page keeps ${STORED_SIZE}×${STORED_SIZE} colour.` });
    return;
  }
  const count = bundle.classes.reduce((sum, c) => sum + c.images.length, 0);
  if (count > MAX_CUSTOM_IMAGES) {
    set({ notice: `${file.name} holds ${count} images: up to ${MAX_CUSTOM_IMAGES} in all.` });
    return;
  }
  const named = bundle.classes.slice(0, MAX_CLASSES);
  while (named.length < MIN_CLASSES) named.push({ name: `Class ${named.length + 1}`, images: [] });
  const old = get().classes;
  let nextClassId = get().nextClassId;
  const classes = named.map((c) => ({ id: nextClassId++, name: c.name, images: [] }));
  set({ classes, nextClassId, refused: [], notice: null });
  await saveMeta();
  for (const c of old) await persist(() => storage.deleteClassImages(c.id));
  for (let i = 0; i < classes.length; i++) await addImages(classes[i].id, named[i].images);
  set({ notice: `Imported ${count} images in ${classes.length} classes from ${file.name}.` });
}
