/** Style properties that CSS classes give chart parts and a standalone SVG would lose. */
const STYLE_PROPS = [
  "fill",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "fill-opacity",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "text-anchor",
  "dominant-baseline",
];

/** Draws every chart SVG inside `root` onto one white PNG, stacked, with the page's computed styles inlined. */
export async function chartsToPng(root: HTMLElement, scale = 2): Promise<Blob> {
  const svgs = [...root.querySelectorAll<SVGSVGElement>("svg.recharts-surface")];
  if (svgs.length === 0) throw new Error("There is no chart to save yet.");
  const boxes = svgs.map((svg) => svg.getBoundingClientRect());
  const width = Math.ceil(Math.max(...boxes.map((b) => b.width)));
  const height = Math.ceil(boxes.reduce((h, b) => h + b.height, 0));
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("This browser cannot draw a canvas.");
  ctx.scale(scale, scale);
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  let y = 0;
  for (const [i, svg] of svgs.entries()) {
    const image = await svgImage(svg, boxes[i]);
    ctx.drawImage(image, 0, y, boxes[i].width, boxes[i].height);
    y += boxes[i].height;
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The PNG could not be made."))), "image/png"),
  );
}

async function svgImage(svg: SVGSVGElement, box: DOMRect): Promise<HTMLImageElement> {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll("*")];
  const to = [clone, ...clone.querySelectorAll("*")];
  from.forEach((el, i) => {
    const style = getComputedStyle(el);
    const target = to[i] as SVGElement;
    for (const prop of STYLE_PROPS) target.style.setProperty(prop, style.getPropertyValue(prop));
  });
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(box.width));
  clone.setAttribute("height", String(box.height));
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(clone)], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}
