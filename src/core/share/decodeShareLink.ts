import { DEFAULT_CONFIG } from "../../config/presets.ts";
import { decodeExperiment, formatLayer, type DecodedExperiment } from "../../config/urlCodec.ts";
import { DATASETS } from "../data/datasets.ts";
import { inferShapes } from "../model/inferShapes.ts";

/**
 * Reads a shared link like decodeExperiment, then checks that its layers fit the dataset and the limits
 * (inferShapes); a stack that does not is replaced by the seed model's layers, with a message. Never throws.
 */
export function decodeShareLink(hash: string): DecodedExperiment {
  const decoded = decodeExperiment(hash);
  const { config } = decoded.experiment;
  const dataset = DATASETS[config.datasetId];
  const { error } = inferShapes(config.layers, dataset.inputShape, dataset.numClasses);
  if (!error) return decoded;
  const layer = config.layers[error.layerIndex];
  const where = layer ? `Layer ${error.layerIndex + 1} ("${formatLayer(layer)}")` : `The shared layers do not work on ${dataset.label}`;
  return {
    experiment: { ...decoded.experiment, config: { ...config, layers: structuredClone(DEFAULT_CONFIG.layers) } },
    errors: [...decoded.errors, `${where}: ${error.message.replace(/\.?$/, ".")} The seed model's layers were used instead.`],
  };
}
