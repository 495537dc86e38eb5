/**
 * Which measured variants' weights the trainer keeps, so that the lab's list and the trainer agree: every
 * variant the person kept ("Keep variant": listed on the page) stays until a memory budget runs out, and then
 * only when another is kept, so the page hears which were dropped and removes their rows with a note. Live
 * previews of the form's settings never push a kept variant out: only the newest few previews stay.
 */
/** The weights of one measured variant (the trainer's KeptVariant; only the arrays matter here). */
export interface VariantWeights {
  weights: Float32Array[];
  masked: Float32Array[];
}

/** Most bytes of variant weights kept (final plus pre-quantization arrays): ~190 Seed CNN variants, 6 of a 5 M-parameter model. */
export const KEPT_VARIANT_BUDGET_BYTES = 256 * 1024 * 1024;
/** Live previews kept besides the listed variants: the one shown, and a few newer ones a cancel may have left unshown. */
export const MAX_PREVIEW_VARIANTS = 4;

/** Bytes a variant holds (an array shared by `weights` and `masked` counted once). */
export function variantBytes(variant: VariantWeights): number {
  return [...new Set([...variant.weights, ...variant.masked])].reduce((n, a) => n + a.byteLength, 0);
}

/** How `admitVariant` bounds the kept variants. */
export interface KeepLimits {
  budgetBytes: number;
  maxPreviews: number;
}

/**
 * Adds (or replaces, newest last) the variant under `key`; `listed` marks what the page lists (a kept variant,
 * or a preview of a spec kept before). Drops the oldest previews beyond `maxPreviews`, then, while over the
 * budget, the oldest previews and, only when `kept`, the oldest listed variants. Returns the keys of the listed
 * variants dropped (the page removes their rows); the variant just added always stays.
 */
export function admitVariant<V extends VariantWeights>(
  variants: Map<string, V>,
  listed: WeakSet<V>,
  key: string,
  variant: V,
  kept: boolean,
  limits: KeepLimits = { budgetBytes: KEPT_VARIANT_BUDGET_BYTES, maxPreviews: MAX_PREVIEW_VARIANTS },
): string[] {
  const before = variants.get(key);
  const isListed = kept || (before !== undefined && listed.has(before));
  variants.delete(key);
  variants.set(key, variant);
  if (isListed) listed.add(variant);
  const others = () => [...variants.keys()].filter((k) => k !== key);
  const previews = [...variants.keys()].filter((k) => !listed.has(variants.get(k) as V)); // oldest first, this one last if a preview
  for (const k of previews.slice(0, Math.max(0, previews.length - Math.max(1, limits.maxPreviews)))) variants.delete(k);
  let bytes = [...variants.values()].reduce((n, v) => n + variantBytes(v), 0);
  const dropped: string[] = [];
  while (bytes > limits.budgetBytes) {
    const rest = others();
    const victim = rest.find((k) => !listed.has(variants.get(k) as V)) ?? (kept ? rest[0] : undefined);
    if (victim === undefined) break;
    const v = variants.get(victim) as V;
    if (listed.has(v)) dropped.push(victim);
    bytes -= variantBytes(v);
    variants.delete(victim);
  }
  return dropped;
}
