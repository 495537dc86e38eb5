import { LAYER_KINDS, LAYER_SPECS, type LayerKind } from "../../layers/registry.ts";
import type { LayerNote } from "../../layers/kit/spec.ts";

/** Concepts that are not a layer kind; each layer kind's note lives in its own module under src/layers/. */
const OTHER_CONCEPT_IDS = [
  "relu",
  "softmax",
  "crossEntropy",
  "l2",
  "augmentation",
  "magnitudePruning",
  "pruningSchedule",
  "filterPruning",
  "quantization",
  "confusionMatrix",
  "divergence",
  "optimizer",
  "learningRate",
  "batchSize",
] as const;
type OtherConceptId = (typeof OTHER_CONCEPT_IDS)[number];

/** The layer kinds whose module has a note of its own (others point at one, e.g. global average pooling). */
const LAYER_NOTE_KINDS = LAYER_KINDS.filter((kind) => "title" in LAYER_SPECS[kind].note);

/** Every concept that has a note; `<ConceptNote id="…"/>` takes one of these. */
export const CONCEPT_IDS: readonly ConceptId[] = [...LAYER_NOTE_KINDS, ...OTHER_CONCEPT_IDS];
export type ConceptId = LayerKind | OtherConceptId;

/** The note that explains each layer kind: its own, or the one its module points at. */
export const LAYER_CONCEPTS = Object.fromEntries(
  LAYER_KINDS.map((kind) => {
    const note = LAYER_SPECS[kind].note;
    return [kind, "sameAs" in note ? note.sameAs : kind];
  }),
) as Record<LayerKind, ConceptId>;

/** A layer kind's own note. */
export function layerNote(kind: LayerKind): LayerNote | null {
  const note = LAYER_SPECS[kind].note;
  return "title" in note ? note : null;
}

/**
 * The title of each concept: its button reads "About <title>". Titles stay in the entry bundle; the texts
 * and formulas of the concepts that are not layer kinds (concepts.ts) load with KaTeX when a note is first opened.
 */
export const CONCEPT_TITLES = {
  ...(Object.fromEntries(
    LAYER_KINDS.map((kind) => [kind, layerNote(LAYER_CONCEPTS[kind] as LayerKind)?.title ?? ""]),
  ) as Record<LayerKind, string>),
  relu: "Activation functions",
  softmax: "Softmax",
  crossEntropy: "Cross-entropy loss",
  l2: "L2 penalty (weight decay)",
  augmentation: "Data augmentation",
  magnitudePruning: "Magnitude pruning",
  pruningSchedule: "Pruning schedule",
  filterPruning: "Filter pruning",
  quantization: "Quantization",
  confusionMatrix: "Confusion matrix",
  divergence: "Divergence and the learning rate",
  optimizer: "Optimizers: SGD, momentum, Adam, RMSProp",
  learningRate: "Learning rate: the size of each step",
  batchSize: "Batch size and gradient noise",
} satisfies Record<ConceptId, string>;
