import { useMemo } from "react";
import type { DatasetId, LayerConfig } from "../config/schema.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { inferShapes, type ModelStats } from "../core/model/inferShapes.ts";

/** Shapes, costs and first error of `layers` on the dataset's input, recomputed only when they change. */
export function useModelStats(layers: readonly LayerConfig[], datasetId: DatasetId): ModelStats {
  return useMemo(() => {
    const { inputShape, numClasses } = DATASETS[datasetId];
    return inferShapes([...layers], inputShape, numClasses);
  }, [layers, datasetId]);
}
