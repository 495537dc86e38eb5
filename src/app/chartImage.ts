/** Light defaults of the theme colours the PNG is painted with (tokens.css). */
const LIGHT = { "--color-surface": "#ffffff", "--color-text": "#1b2230" } as const;

/**
 * A theme colour as the page resolves it now: the inlined chart styles follow the reader's theme, so the
 * backdrop and legend text must too (pale dark-theme lines on white would not read).
 */
function themeColor(name: keyof typeof LIGHT): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || LIGHT[name];
}

/** Style properties that CSS classes give chart parts and a standalone SVG would lose. */
const STYLE_PROPS = [
  "fill",
  "stroke",
  "stroke-width",
  "stroke-opacity",
  "stroke-dasharray",
  "fill-opacity",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "text-anchor",
  "dominant-baseline",
];

interface Legend {
  text: string;
  color: string;
}

/** A chart's legend (recharts draws it in HTML over the space it keeps free at the bottom of the SVG). */
interface LegendRow {
  entries: Legend[];
  /** Centre of the legend below the SVG's top, in CSS pixels. */
  midY: number;
}

/** A chart's legend entries: its text and the colour of its icon. */
function legendOf(wrapper: Element): Legend[] {
  return [...wrapper.querySelectorAll(".recharts-legend-item")].map((item) => {
    const shape = item.querySelector("svg path, svg line, svg rect");
    const style = shape ? getComputedStyle(shape) : null;
    const stroke = style?.stroke ?? "none";
    const fill = style?.fill ?? "none";
    return {
      text: item.querySelector(".recharts-legend-item-text")?.textContent ?? item.textContent ?? "",
      color:
        stroke !== "none" && stroke !== ""
          ? stroke
          : fill !== "none" && fill !== ""
            ? fill
            : themeColor("--color-text"),
    };
  });
}

/**
 * Draws every chart inside `root` onto one PNG backed by the panel colour, stacked, with the page's computed
 * styles inlined and each chart's legend redrawn as text where the page shows it. Only the charts' own surfaces are drawn: recharts also renders each
 * legend icon as a small `svg.recharts-surface`, which would otherwise come out as rows of stray icons.
 */
export async function chartsToPng(root: HTMLElement, scale = 2): Promise<Blob> {
  const svgs = [...root.querySelectorAll<SVGSVGElement>("svg.recharts-surface")].filter(
    (svg) => !svg.closest(".recharts-legend-wrapper"),
  );
  if (svgs.length === 0) throw new Error("There is no chart to save yet.");
  const legends = svgs.map((svg): LegendRow => {
    const wrapper = svg.closest(".recharts-wrapper") ?? svg;
    const box = wrapper.querySelector(".recharts-legend-wrapper")?.getBoundingClientRect();
    const top = svg.getBoundingClientRect().top;
    return { entries: legendOf(wrapper), midY: box ? box.top - top + box.height / 2 : 0 };
  });
  return drawSvgs(svgs, legends, scale);
}

/** One SVG (the network diagram) as a PNG backed by the panel colour, with the page's computed styles inlined. */
export function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  return drawSvgs([svg], [{ entries: [], midY: 0 }], scale);
}

async function drawSvgs(svgs: SVGSVGElement[], legends: LegendRow[], scale: number): Promise<Blob> {
  const boxes = svgs.map((svg) => svg.getBoundingClientRect());
  const width = Math.ceil(Math.max(...boxes.map((b) => b.width)));
  const height = Math.ceil(boxes.reduce((h, b) => h + b.height, 0));
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("This browser cannot draw a canvas.");
  ctx.scale(scale, scale);
  ctx.fillStyle = themeColor("--color-surface");
  ctx.fillRect(0, 0, width, height);
  let y = 0;
  for (const [i, svg] of svgs.entries()) {
    const image = await svgImage(svg, boxes[i]);
    ctx.drawImage(image, 0, y, boxes[i].width, boxes[i].height);
    if (legends[i].entries.length) drawLegend(ctx, legends[i].entries, width, y + legends[i].midY);
    y += boxes[i].height;
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("The PNG could not be made."))), "image/png"),
  );
}

/** Legend entries centred on one line: a colour swatch, then the text. */
function drawLegend(ctx: CanvasRenderingContext2D, entries: Legend[], width: number, midY: number) {
  ctx.font = `12px ${getComputedStyle(document.body).fontFamily || "sans-serif"}`;
  ctx.textBaseline = "middle";
  const widths = entries.map((e) => 14 + ctx.measureText(e.text).width + 16);
  let x = Math.max(4, (width - widths.reduce((a, w) => a + w, 0)) / 2);
  for (const [i, entry] of entries.entries()) {
    ctx.fillStyle = entry.color;
    ctx.fillRect(x, midY - 5, 10, 10);
    ctx.fillStyle = themeColor("--color-text");
    ctx.fillText(entry.text, x + 14, midY);
    x += widths[i];
  }
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
