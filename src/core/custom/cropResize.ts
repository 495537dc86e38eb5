/**
 * Turns one decoded image (RGBA bytes, any size) into a small square training image: the largest centred square is
 * cut out, then shrunk by area averaging (each output pixel is the mean of the source area it covers, so thin
 * strokes fade instead of vanishing as with nearest-neighbour sampling). Transparent pixels are laid on white. Grey is
 * the luminance of the colour.
 */
export function cropResize(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  size: number,
  channels: 1 | 3,
): Uint8Array {
  if (width < 1 || height < 1 || rgba.length < width * height * 4)
    throw new Error(`cropResize: ${rgba.length} bytes do not hold a ${width}×${height} RGBA image`);
  const side = Math.min(width, height);
  const left = (width - side) / 2;
  const top = (height - side) / 2;
  const scale = side / size;
  const out = new Uint8Array(size * size * channels);
  const sums = [0, 0, 0];
  for (let oy = 0; oy < size; oy++) {
    const y0 = top + oy * scale;
    const y1 = y0 + scale;
    for (let ox = 0; ox < size; ox++) {
      const x0 = left + ox * scale;
      const x1 = x0 + scale;
      sums.fill(0);
      let area = 0;
      for (let sy = Math.floor(y0); sy < Math.ceil(y1); sy++) {
        const wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
        if (wy <= 0) continue;
        for (let sx = Math.floor(x0); sx < Math.ceil(x1); sx++) {
          const wx = Math.min(x1, sx + 1) - Math.max(x0, sx);
          if (wx <= 0) continue;
          const w = wx * wy;
          const i = (sy * width + sx) * 4;
          // laid on white: a transparent background reads as paper, not as black
          const a = rgba[i + 3] / 255;
          const paper = 255 * (1 - a);
          sums[0] += (rgba[i] * a + paper) * w;
          sums[1] += (rgba[i + 1] * a + paper) * w;
          sums[2] += (rgba[i + 2] * a + paper) * w;
          area += w;
        }
      }
      const o = (oy * size + ox) * channels;
      if (channels === 1) {
        // ITU-R BT.601 luma weights, as most image tools compute grey
        out[o] = Math.round((0.299 * sums[0] + 0.587 * sums[1] + 0.114 * sums[2]) / area);
      } else {
        for (let c = 0; c < 3; c++) out[o + c] = Math.round(sums[c] / area);
      }
    }
  }
  return out;
}

/** RGB (or grey) pixels as RGBA, opaque: what cropResize reads. */
export function toRgba(pixels: Uint8Array, channels: 1 | 3): Uint8Array {
  const count = pixels.length / channels;
  const rgba = new Uint8Array(count * 4);
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = pixels[i * channels + (channels === 1 ? 0 : c)];
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}
