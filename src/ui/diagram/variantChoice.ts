/**
 * Which compression-lab variants the network diagram can draw, and what it draws for one: pure, from the reports,
 * so the panel stays a thin view.
 */
import type { LayerConfig } from "../../config/schema.ts";
import type { FilterCount } from "../../core/compress/filterCounts.ts";
import type { RemovedMap } from "../../core/diagram/layout.ts";
import type { ModelStats } from "../../core/model/inferShapes.ts";
import { specOf } from "../../layers/registry.ts";

/** The part of a lab report the diagram reads. */
export interface DrawableReport {
  id: number;
  label: string;
  filters: FilterCount[];
}

export interface VariantChoice {
  /** The select's value: "current" or "kept-<id>". */
  key: string;
  label: string;
  filters: FilterCount[];
}

const removesSomething = (r: DrawableReport) => r.filters.some(([, kept, total]) => kept < total);

/** The lab's kept variants and its current settings that removed filters or units (the baseline removes none). */
export function variantChoices(reports: readonly DrawableReport[], current: DrawableReport | null): VariantChoice[] {
  const kept = reports
    .filter(removesSomething)
    .map((r) => ({ key: `kept-${r.id}`, label: r.label, filters: r.filters }));
  return current && removesSomething(current)
    ? [...kept, { key: "current", label: `${current.label} (current settings)`, filters: current.filters }]
    : kept;
}

/**
 * The counts as the layout takes them, or null when they no longer describe the stack (it was edited after the
 * lab measured): every prunable layer must be counted, with the stack's own output size as the total.
 */
export function removedMap(
  filters: readonly FilterCount[],
  layers: readonly LayerConfig[],
  stats: ModelStats,
): RemovedMap | null {
  const prunable = layers.filter((l) => specOf(l).pruning.outputs).length;
  const fits = filters.every(([i, , total]) => {
    const shape = stats.layers[i]?.outputShape;
    return i < layers.length && specOf(layers[i]).pruning.outputs && shape?.[shape.length - 1] === total;
  });
  if (!fits || filters.length !== prunable) return null;
  return new Map(filters.map(([i, kept, total]) => [i, { kept, total }]));
}

/** One line on what is drawn, e.g. "Variant: 50% filters: removed filters dashed; 4 of 8 filters of layer 1 removed…". */
export function variantCaption(choice: VariantChoice): string {
  const cut = choice.filters.filter(([, kept, total]) => kept < total);
  const first = cut
    .slice(0, 2)
    .map(([i, kept, total]) => `${total - kept} of ${total} of layer ${i + 1}`)
    .join(", ");
  return `Variant: ${choice.label}: removed filters dashed; ${first} removed${cut.length > 2 ? "…" : "."}`;
}
