import { DATASETS, type DatasetId } from "../../core/data/datasets.ts";
import { useCustomStore } from "./customStore.ts";

/**
 * The registry entry of `id`, re-rendering the caller whenever the person's own classes change (the "custom"
 * entry follows them: names, count, image size).
 */
export function useDatasetInfo(id: DatasetId): (typeof DATASETS)[DatasetId] {
  useCustomStore((s) => (id === "custom" ? s.version : 0));
  return DATASETS[id];
}
