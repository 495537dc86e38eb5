/** KaTeX's render function, as the lazily loaded module exports it. */
export type RenderTex = typeof import("katex").render;

let pending: Promise<RenderTex> | null = null;

/**
 * Loads KaTeX and its stylesheet (fonts from our own origin) on the first call; both stay out of the entry
 * bundle. A failed load is forgotten, so the next note that opens tries again.
 */
export function loadKatex(): Promise<RenderTex> {
  pending ??= Promise.all([import("katex"), import("katex/dist/katex.min.css")]).then(
    ([katex]) => katex.render,
    (error: unknown) => {
      pending = null;
      throw error;
    },
  );
  return pending;
}
