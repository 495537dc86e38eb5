/**
 * The person's own classes on the page: names, stored images (ids from IndexedDB) and the image format. Every
 * change points the page's "custom" registry entry at them (setCustomDataset) and bumps `version`, which the
 * components that show dataset numbers subscribe to.
 */
import { create } from "zustand";
import { setCustomDataset } from "../../core/data/datasets.ts";
import { customMetaOf, type CustomClass, type ImageFormat } from "../../core/custom/customData.ts";

export interface PageImage {
  id: number;
  pixels: Uint8Array;
}

export interface PageClass {
  id: number;
  name: string;
  images: PageImage[];
}

export interface CustomState {
  /** The stored classes were read (or there were none). */
  loaded: boolean;
  classes: PageClass[];
  format: ImageFormat;
  nextClassId: number;
  /** Files refused by the last add, with why. */
  refused: Array<{ name: string; reason: string }>;
  /** A refusal or failure to show (too many images, storage failed). */
  notice: string | null;
  /** Files being decoded now (0 when none). */
  adding: number;
  /** Changes on every change of classes or format. */
  version: number;
}

/** Two empty classes, "Class 1" and "Class 2", of 28×28 grey images. */
export function startingClasses(): Pick<CustomState, "classes" | "format" | "nextClassId"> {
  return {
    classes: [
      { id: 0, name: "Class 1", images: [] },
      { id: 1, name: "Class 2", images: [] },
    ],
    format: { size: 28, channels: 1 },
    nextClassId: 2,
  };
}

export const useCustomStore = create<CustomState>(() => ({
  loaded: false,
  ...startingClasses(),
  refused: [],
  notice: null,
  adding: 0,
  version: 0,
}));

/** The classes as the core reads them (names and pixels). */
export function coreClasses(classes: readonly PageClass[]): CustomClass[] {
  return classes.map((c) => ({ name: c.name, images: c.images.map((i) => i.pixels) }));
}

// the registry follows the store in this thread
useCustomStore.subscribe((s, before) => {
  if (s.classes === before.classes && s.format === before.format) return;
  setCustomDataset(customMetaOf(coreClasses(s.classes), s.format));
  if (s.version === before.version) useCustomStore.setState({ version: s.version + 1 });
});
