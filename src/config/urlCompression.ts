// The compression settings in the hash: pr (pruning) and q (quantization).
//
// Each is on|off, then only the settings that differ from DEFAULT_COMPRESSION (a part switched off keeps its
// settings), e.g. pr=on,filters,sp0.3,ft2 and q=on,w4,per-tensor,act,qat1; the key is left out when the whole
// part equals the default.

import { DEFAULT_COMPRESSION, PruningSpec, QuantizationSpec, type CompressionSpec } from "./compression.ts";
import { onOff, readPart, same, writePart, type PartItem } from "./urlParts.ts";

/** The hash keys this codec writes and reads. */
export const COMPRESSION_KEYS = ["pr", "q"] as const;

const PRUNING_ITEMS: PartItem[] = [
  onOff,
  { field: "method", label: "method", choices: same(PruningSpec.shape.method.options) },
  { field: "sparsity", label: "sparsity", prefix: "sp" },
  { field: "scope", label: "scope", choices: same(PruningSpec.shape.scope.options) },
  { field: "includeBiases", label: "biases", choices: { biases: true, "no-biases": false } },
  { field: "includeHead", label: "head", choices: { head: true, "no-head": false } },
  { field: "schedule", label: "schedule", choices: same(PruningSpec.shape.schedule.options) },
  { field: "fineTuneEpochs", label: "fine-tuning epochs", prefix: "ft" },
];

const QUANTIZATION_ITEMS: PartItem[] = [
  onOff,
  { field: "weightBits", label: "weight bits", prefix: "w" },
  { field: "granularity", label: "granularity", choices: same(QuantizationSpec.shape.granularity.options) },
  { field: "activations", label: "activations", choices: { act: true, "no-act": false } },
  { field: "qatEpochs", label: "QAT epochs", prefix: "qat" },
];

/** The keys pr and q, each only when its part differs from the default. */
export function writeCompression(compression: CompressionSpec): [string, string][] {
  const pairs: [string, string][] = [];
  const pruning = writePart(PRUNING_ITEMS, compression.pruning, DEFAULT_COMPRESSION.pruning);
  if (pruning !== null) pairs.push(["pr", pruning]);
  const quantization = writePart(QUANTIZATION_ITEMS, compression.quantization, DEFAULT_COMPRESSION.quantization);
  if (quantization !== null) pairs.push(["q", quantization]);
  return pairs;
}

/** Pruning and quantization from pr and q; a bad setting falls back to its default in `defaults`, with a message. */
export function readCompression(
  params: ReadonlyMap<string, string>,
  defaults: CompressionSpec,
  errors: string[],
): { pruning: unknown; quantization: unknown } {
  return {
    pruning: readPart("Pruning", PruningSpec, PRUNING_ITEMS, params.get("pr"), defaults.pruning, errors),
    quantization: readPart(
      "Quantization",
      QuantizationSpec,
      QUANTIZATION_ITEMS,
      params.get("q"),
      defaults.quantization,
      errors,
    ),
  };
}
