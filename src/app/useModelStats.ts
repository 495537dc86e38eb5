import { useMemo } from "react";
import { useDatasetInfo } from "./customImages/useDatasetInfo.ts";
import type { DatasetId, LayerConfig } from "../config/schema.ts";
import { inferShapes, type ModelStats } from "../core/model/inferShapes.ts";

/** Shapes, costs and first error of `layers` on the dataset's input, recomputed only when they change. */
export function useModelStats(layers: readonly LayerConfig[], datasetId: DatasetId): ModelStats {
  const { inputShape, numClasses } = useDatasetInfo(datasetId);
  return useMemo(() => inferShapes([...layers], inputShape, numClasses), [layers, inputShape, numClasses]);
}
