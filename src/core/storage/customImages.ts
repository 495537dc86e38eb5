/**
 * The person's own classes in IndexedDB, so names and images survive a reload: one "meta" record (the classes in
 * order, with names, and the image format) and one record per image (its class id and its stored pixels). Stored
 * data is untrusted: the meta is checked with zod and an image of the wrong length is dropped.
 */
import { wrap, type IDBPDatabase } from "idb";
import { z } from "zod";

export const CUSTOM_DB_NAME = "cnn-playground-custom-images";
const META = "meta";
const IMAGES = "images";
const META_KEY = "meta";

/** The classes (ids in order, names) and the image format. */
export const CustomMetaRecord = z.object({
  classes: z.array(z.object({ id: z.number().int().min(0), name: z.string().max(100) })).max(10),
  format: z.object({ size: z.number().int().min(8).max(64), channels: z.union([z.literal(1), z.literal(3)]) }),
  nextClassId: z.number().int().min(0),
});
export type CustomMetaRecord = z.infer<typeof CustomMetaRecord>;

/** One stored image. */
export interface StoredImage {
  id: number;
  classId: number;
  pixels: Uint8Array;
}

/** What a reload finds: the meta and every image of each class, oldest first. */
export interface StoredClasses {
  meta: CustomMetaRecord;
  images: Map<number, StoredImage[]>;
}

const defaultFactory = (): IDBFactory | null => (typeof indexedDB === "undefined" ? null : indexedDB);

/** The store; every call opens the database, does its work in one transaction and closes it. */
export class CustomImageStore {
  constructor(
    private readonly factory: IDBFactory | null = defaultFactory(),
    private readonly imageBytes = 32 * 32 * 3,
  ) {}

  private async use<T>(work: (db: IDBPDatabase) => Promise<T>): Promise<T> {
    if (!this.factory) throw new Error("This browser keeps no data (IndexedDB is unavailable).");
    const db = await openWith(this.factory);
    try {
      return await work(db);
    } finally {
      db.close();
    }
  }

  /** The stored classes, or null when none were ever stored (or the meta is unreadable). */
  async read(): Promise<StoredClasses | null> {
    return this.use(async (db) => {
      const parsed = CustomMetaRecord.safeParse(await db.get(META, META_KEY));
      if (!parsed.success) return null;
      const images = new Map<number, StoredImage[]>(parsed.data.classes.map((c) => [c.id, []]));
      for (const record of (await db.getAll(IMAGES)) as StoredImage[]) {
        const ok = record.pixels instanceof Uint8Array && record.pixels.length === this.imageBytes;
        if (ok) images.get(record.classId)?.push(record);
      }
      for (const list of images.values()) list.sort((a, b) => a.id - b.id);
      return { meta: parsed.data, images };
    });
  }

  /** Stores the classes' names, order and format. */
  async writeMeta(meta: CustomMetaRecord): Promise<void> {
    await this.use((db) => db.put(META, CustomMetaRecord.parse(meta), META_KEY));
  }

  /** Adds images to a class; resolves with their ids, in order. */
  async addImages(classId: number, pixels: readonly Uint8Array[]): Promise<number[]> {
    return this.use(async (db) => {
      const tx = db.transaction(IMAGES, "readwrite");
      const ids = await Promise.all(pixels.map((p) => tx.store.add({ classId, pixels: p }) as Promise<number>));
      await tx.done;
      return ids;
    });
  }

  async deleteImage(id: number): Promise<void> {
    await this.use((db) => db.delete(IMAGES, id));
  }

  /** Deletes a class's images; the caller writes the meta without it. */
  async deleteClassImages(classId: number): Promise<void> {
    await this.use(async (db) => {
      const tx = db.transaction(IMAGES, "readwrite");
      for (const key of await tx.store.index("classId").getAllKeys(classId)) await tx.store.delete(key);
      await tx.done;
    });
  }
}

/** Opens the database through the given factory (tests pass fake-indexeddb's). */
async function openWith(factory: IDBFactory): Promise<IDBPDatabase> {
  const request = factory.open(CUSTOM_DB_NAME, 1);
  request.addEventListener("upgradeneeded", () => {
    const database = request.result;
    if (!database.objectStoreNames.contains(META)) database.createObjectStore(META);
    if (!database.objectStoreNames.contains(IMAGES))
      database.createObjectStore(IMAGES, { keyPath: "id", autoIncrement: true }).createIndex("classId", "classId");
  });
  const db = await wrap(request);
  if (!db) throw new Error("IndexedDB did not open");
  return db;
}
