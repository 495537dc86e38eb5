import "fake-indexeddb/auto";
import { describe, expect, it, vi } from "vitest";

const image = (value: number) => new Uint8Array(32 * 32 * 3).fill(value);

/** The page's actions and store as a fresh page load sees them (the same IndexedDB underneath). */
async function loadPage() {
  vi.resetModules();
  const actions = await import("./customActions.ts");
  const { useCustomStore } = await import("./customStore.ts");
  await actions.loadCustomClasses();
  return { actions, state: () => useCustomStore.getState() };
}

describe("Your images across a reload", () => {
  it("keeps images added to the starting classes, never renamed", async () => {
    const first = await loadPage();
    const [one, two] = first.state().classes;
    await first.actions.addImages(one.id, [image(1), image(2)]);
    await first.actions.addImages(two.id, [image(3)]);
    const second = await loadPage();
    expect(second.state().classes.map((c) => [c.name, c.images.map((i) => i.pixels[0])])).toEqual([
      ["Class 1", [1, 2]],
      ["Class 2", [3]],
    ]);
  });
});
