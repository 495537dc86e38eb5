// Types of packDataset.mjs for the TypeScript tests that import it (the app's tsconfig does not check JS).
export declare const PACKED_MAGIC: "CNPZ";
export declare const PACKED_VERSION: 2;
export declare const IMAGES_PER_BLOCK: number;
export declare const FILTER_NONE: 0;
export declare const FILTER_PAETH: 1;
export declare function paeth(a: number, b: number, c: number): number;
export declare function packDataset(cnpd: Uint8Array, filter: number, imagesPerBlock?: number): Uint8Array<ArrayBuffer>;
export declare function compressDataset(
  cnpd: Uint8Array,
  filter: number,
  imagesPerBlock?: number,
): Promise<Uint8Array<ArrayBuffer>>;
