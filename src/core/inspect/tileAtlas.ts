/**
 * Small RGBA images laid out in one image, each pixel scaled up to a square block, with gaps between tiles: a
 * layer's filters drawn on one canvas. The live filters refresh every few seconds while a model trains; a canvas
 * per filter (the Seed CNN has 160 shown) made the browser re-upload 160 canvases on each refresh, a 100 ms commit
 * on the main thread, where one canvas per layer costs a few.
 */

/** Where the tiles go: `columns` per row, each pixel drawn as `scale` × `scale`, `gap` pixels between tiles. */
export interface AtlasLayout {
  columns: number;
  scale: number;
  gap: number;
}

/** An RGBA image. */
export interface RgbaImage {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}

/** The tiles (each `tileWidth` × `tileHeight` RGBA) in rows of `columns`, on a transparent background. */
/** Tiles drawn with a frame: a ring of `width` pixels of colour `rgba` over the outer edge of each tile's cell. */
export interface AtlasFrames {
  tiles: ReadonlySet<number>;
  width: number;
  rgba: readonly [number, number, number, number];
}

export function tileAtlas(
  tiles: readonly Uint8ClampedArray[],
  tileWidth: number,
  tileHeight: number,
  { columns, scale, gap }: AtlasLayout,
  frames?: AtlasFrames,
): RgbaImage {
  const cols = Math.max(1, Math.min(columns, tiles.length));
  const rows = Math.ceil(tiles.length / cols);
  const cellW = tileWidth * scale;
  const cellH = tileHeight * scale;
  const width = cols * cellW + (cols - 1) * gap;
  const height = rows === 0 ? 0 : rows * cellH + (rows - 1) * gap;
  const rgba = new Uint8ClampedArray(width * height * 4);
  tiles.forEach((tile, t) => {
    if (tile.length !== tileWidth * tileHeight * 4) throw new Error(`Tile ${t} is not ${tileWidth}×${tileHeight} RGBA`);
    const x0 = (t % cols) * (cellW + gap);
    const y0 = Math.floor(t / cols) * (cellH + gap);
    const ring = frames?.tiles.has(t) ? frames.width : 0;
    for (let y = 0; y < cellH; y++) {
      const src = Math.floor(y / scale) * tileWidth;
      let out = ((y0 + y) * width + x0) * 4;
      for (let x = 0; x < cellW; x++, out += 4) {
        const onRing = ring > 0 && (x < ring || y < ring || x >= cellW - ring || y >= cellH - ring);
        const from = onRing ? frames!.rgba : tile;
        const i = onRing ? 0 : (src + Math.floor(x / scale)) * 4;
        rgba[out] = from[i];
        rgba[out + 1] = from[i + 1];
        rgba[out + 2] = from[i + 2];
        rgba[out + 3] = from[i + 3];
      }
    }
  });
  return { rgba, width, height };
}
