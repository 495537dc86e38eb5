import katex from "katex";
import { describe, expect, it } from "vitest";
import { LAYER_KINDS } from "../../config/layerInfo.ts";
import { CONCEPT_IDS, CONCEPT_TITLES, LAYER_CONCEPTS } from "./conceptIds.ts";
import { CONCEPTS } from "./concepts.ts";
import { TOUR_STEPS } from "./tourSteps.ts";
import { dismissTour, isTourDismissed, TOUR_DISMISSED, TOUR_STORAGE_KEY, type TourStorage } from "./tourStorage.ts";

describe("concepts", () => {
  it.each(CONCEPT_IDS)("%s has a title, 1–3 sentences and a formula that is valid TeX", (id) => {
    const concept = CONCEPTS[id];
    if (!concept) throw new Error(`${id} has no note`);
    expect(concept.title.trim()).not.toBe("");
    expect(concept.title).toBe(CONCEPT_TITLES[id]);
    expect(concept.text.trim()).not.toBe("");
    expect(concept.text.split(/[.!?](?:\s|$)/).filter((s) => s.trim()).length).toBeLessThanOrEqual(3);
    expect(() =>
      katex.renderToString(concept.formula, { throwOnError: true, displayMode: true, strict: "error" }),
    ).not.toThrow();
  });

  it("has exactly one entry per id", () => {
    expect(Object.keys(CONCEPTS).sort()).toEqual([...CONCEPT_IDS].sort());
  });

  it("explains every layer kind", () => {
    for (const kind of LAYER_KINDS) expect(CONCEPT_IDS).toContain(LAYER_CONCEPTS[kind]);
  });
});

describe("tour", () => {
  it("has 5–7 steps with unique ids and headings", () => {
    expect(TOUR_STEPS.length).toBeGreaterThanOrEqual(5);
    expect(TOUR_STEPS.length).toBeLessThanOrEqual(7);
    expect(new Set(TOUR_STEPS.map((s) => s.id)).size).toBe(TOUR_STEPS.length);
    expect(new Set(TOUR_STEPS.map((s) => s.heading)).size).toBe(TOUR_STEPS.length);
  });

  it("remembers a dismissal", () => {
    const items = new Map<string, string>();
    const storage: TourStorage = {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
    };
    expect(isTourDismissed(storage)).toBe(false);
    dismissTour(storage);
    expect(items.get(TOUR_STORAGE_KEY)).toBe(TOUR_DISMISSED);
    expect(isTourDismissed(storage)).toBe(true);
  });

  it("survives storage that throws or is missing", () => {
    const broken: TourStorage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(isTourDismissed(broken)).toBe(false);
    expect(() => dismissTour(broken)).not.toThrow();
    expect(isTourDismissed(null)).toBe(false);
    expect(() => dismissTour(null)).not.toThrow();
  });
});
