// Turns any RGBA picture into one training image: the centred square, shrunk by averaging the area each output
// pixel covers (no aliasing when a 4,000-pixel photo becomes 28 pixels), grey by luminance when one channel is wanted.

/**
 * The centre square of a `width`×`height` RGBA picture (4 bytes a pixel, row-major), resized to `size`×`size`
 * with area averaging, as `size`×`size`×`channels` bytes. Transparent pixels are laid on white (a drawing with a
 * transparent background reads as ink on paper); channels = 1 keeps the luminance 0.299 R + 0.587 G + 0.114 B.
 */
export function cropResize(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  size: number,
  channels: 1 | 3,
): Uint8Array {
  if (!(width > 0 && height > 0 && size > 0) || rgba.length < width * height * 4) {
    throw new Error(`cropResize: ${width}×${height} RGBA needs ${width * height * 4} bytes, got ${rgba.length}`);
  }
  const side = Math.min(width, height);
  const columns = coverage(Math.floor((width - side) / 2), side, size);
  const rows = coverage(Math.floor((height - side) / 2), side, size);
  const out = new Uint8Array(size * size * channels);
  const sum = [0, 0, 0];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      sum[0] = sum[1] = sum[2] = 0;
      for (const [sy, wy] of rows[y]!) {
        for (const [sx, wx] of columns[x]!) {
          const i = 4 * (sy * width + sx);
          const alpha = rgba[i + 3]! / 255;
          const w = wx * wy;
          for (let c = 0; c < 3; c++) sum[c]! += w * (rgba[i + c]! * alpha + 255 * (1 - alpha));
        }
      }
      const o = (y * size + x) * channels;
      if (channels === 1) out[o] = Math.min(255, Math.round(0.299 * sum[0]! + 0.587 * sum[1]! + 0.114 * sum[2]!));
      else for (let c = 0; c < 3; c++) out[o + c] = Math.min(255, Math.round(sum[c]!));
    }
  }
  return out;
}

/**
 * For each of `size` output pixels along one axis, the source pixels it covers within [start, start + side) and
 * the share of each (the shares add up to 1): output pixel k spans source [k·side/size, (k+1)·side/size).
 */
function coverage(start: number, side: number, size: number): Array<Array<[number, number]>> {
  const scale = side / size;
  const result: Array<Array<[number, number]>> = [];
  for (let k = 0; k < size; k++) {
    const from = k * scale;
    const to = (k + 1) * scale;
    const parts: Array<[number, number]> = [];
    for (let s = Math.floor(from); s < Math.min(side, Math.ceil(to)); s++) {
      const share = (Math.min(to, s + 1) - Math.max(from, s)) / scale;
      if (share > 1e-9) parts.push([start + s, share]);
    }
    result.push(parts);
  }
  return result;
}
