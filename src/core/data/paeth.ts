// The Paeth filter of the packed Fashion-MNIST files (see src/build/packDataset.mjs), undone on the decoded residuals.

/** Adds the Paeth prediction (left, up, upper left; 0 outside the image) back to each residual, in place, image by image. */
export function undoPaeth(pixels: Uint8Array, rows: number, cols: number): void {
  const size = rows * cols;
  for (let base = 0; base < pixels.length; base += size) {
    for (let r = 0; r < rows; r++) {
      const rowStart = base + r * cols;
      for (let c = 0; c < cols; c++) {
        const i = rowStart + c;
        const a = c > 0 ? pixels[i - 1] : 0;
        const b = r > 0 ? pixels[i - cols] : 0;
        const up = r > 0 && c > 0 ? pixels[i - cols - 1] : 0;
        const p = a + b - up;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - up);
        const prediction = pa <= pb && pa <= pc ? a : pb <= pc ? b : up;
        pixels[i] = (pixels[i] + prediction) & 255;
      }
    }
  }
}
