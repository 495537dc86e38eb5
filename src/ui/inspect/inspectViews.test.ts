import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DATASETS } from "../../core/data/datasets.ts";
import { parseTestImageIndex, TestImagePicker } from "./ActivationsView.tsx";
import { ConfusionMatrix } from "./ConfusionMatrix.tsx";

describe("ConfusionMatrix: every class name whole, the caption outside the scrolling part", () => {
  const names = DATASETS["fashion-mnist"].classNames;
  const matrix = names.map((_, t) => names.map((__, p) => (t === p ? 900 : 11)));
  const perClass = names.map(() => 0.9);
  const render = (
    previous: { title: string; perClass: number[] } | null = null,
    classNames: readonly string[] = names,
  ) =>
    renderToStaticMarkup(
      createElement(ConfusionMatrix, { matrix, classNames, perClass, previous, open: null, onOpen: () => {} }),
    );

  it("shows Fashion-MNIST's names in full in the column and row headers (no 'T-shir…')", () => {
    const html = render();
    expect(html).not.toContain("…");
    for (const name of names) {
      expect(html).toContain(`<span class="confusion__col-name">${name}</span>`);
      expect(html).toContain(`<th scope="row" class="confusion__row-name">${name}</th>`);
    }
  });

  it("turns long names sideways, and leaves MNIST's digits upright", () => {
    expect(render()).toContain("confusion__table--sideways");
    expect(render(null, DATASETS.mnist.classNames)).not.toContain("confusion__table--sideways");
  });

  it("puts the table in its own scroll box, with the caption as a visible paragraph outside it", () => {
    const html = render({ title: "Run 1", perClass: names.map(() => 0.85) });
    const scroll = html.indexOf('class="confusion__scroll"');
    const tableEnd = html.indexOf("</table>");
    const visibleCaption = html.indexOf("confusion__caption");
    expect(scroll).toBeGreaterThan(-1);
    expect(visibleCaption).toBeGreaterThan(tableEnd);
    expect(html).toContain('title="Run 1"');
    expect(html).toContain("+5.0");
    // every cell is still a button with its full description
    expect(html.match(/aria-label="True T-shirt\/top, predicted Ankle boot: 11 images"/g)).toHaveLength(1);
  });
});

describe("TestImagePicker: the test image field", () => {
  it("accepts whole numbers 0–9,999 only", () => {
    expect(parseTestImageIndex("0", 10_000)).toBe(0);
    expect(parseTestImageIndex(" 9999 ", 10_000)).toBe(9_999);
    for (const bad of ["99999", "10000", "-1", "2.5", "", "1e3", "abc"])
      expect(parseTestImageIndex(bad, 10_000), bad).toBeNull();
  });

  it("shows the image shown now (a random pick), with Show enabled and the range only for screen readers", () => {
    const html = renderToStaticMarkup(
      createElement(TestImagePicker, {
        count: 10_000,
        shownIndex: 9886,
        disabled: false,
        onShow: () => {},
        onRandom: () => {},
      }),
    );
    expect(html).toMatch(/<input[^>]*value="9886"/);
    expect(html).toMatch(/<button[^>]*>Show<\/button>/);
    expect(html).not.toMatch(/<button[^>]*disabled[^>]*>Show/);
    expect(html).toMatch(/class="visually-hidden">0–9,999</);
    expect(html).toMatch(/<input[^>]*max="9999"/);
  });

  it("starts at 0 while a drawing (−1) is shown", () => {
    const html = renderToStaticMarkup(
      createElement(TestImagePicker, {
        count: 10_000,
        shownIndex: -1,
        disabled: true,
        onShow: () => {},
        onRandom: () => {},
      }),
    );
    expect(html).toMatch(/<input[^>]*value="0"/);
  });
});
