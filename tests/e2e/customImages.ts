// Image files made in the test: small PNGs (grey, 8-bit) of a white bar on black, written with node:zlib.
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A grey PNG of width × height whose pixel (x, y) is grey(x, y). */
export function greyPng(width: number, height: number, grey: (x: number, y: number) => number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = grey(x, y);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A seeded generator of [0, 1) (mulberry32): the same images on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` 48×40 PNG files of a bar across the centred square (vertical or horizontal), at a random place, with
 * noise: a small CNN tells the two apart within a few epochs.
 */
export function barImages(direction: "vertical" | "horizontal", count: number, seed: number) {
  const random = rng(seed);
  return Array.from({ length: count }, (_, i) => {
    const at = 10 + Math.floor(random() * 20);
    const width = 3 + Math.floor(random() * 3);
    const png = greyPng(48, 40, (x, y) => {
      const along = direction === "vertical" ? x - 4 : y; // the centred 40×40 square starts at x = 4
      const bar = along >= at && along < at + width ? 230 : 0;
      return Math.min(255, bar + Math.floor(random() * 40));
    });
    return { name: `${direction}-${i + 1}.png`, mimeType: "image/png", buffer: png };
  });
}
