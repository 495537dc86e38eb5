import { useEffect, useState } from "react";
import type { DatasetId } from "../config/schema.ts";
import { loadPreview } from "../core/data/loadDataset.ts";

/** The 100 preview images of a dataset (10 per class, ordered by class). */
export type PreviewSplit = Awaited<ReturnType<typeof loadPreview>>;

// loadPreview wants the folder of manifest.json and the .cnpz files (see loadDataset.test.ts): public/datasets/
const DATASETS_URL = `${import.meta.env.BASE_URL}datasets/`;

// one download per dataset for the page's lifetime; a failed one is retried on the next mount
const previews = new Map<DatasetId, Promise<PreviewSplit>>();

function fetchPreview(id: DatasetId): Promise<PreviewSplit> {
  let pending = previews.get(id);
  if (!pending) {
    pending = loadPreview(id, DATASETS_URL);
    previews.set(id, pending);
    pending.catch(() => previews.delete(id));
  }
  return pending;
}

/** Preview images of `id`, or the error that stopped them; both null while loading. */
export function usePreview(id: DatasetId): { preview: PreviewSplit | null; error: string | null } {
  const [result, setResult] = useState<{ id: DatasetId; preview: PreviewSplit | null; error: string | null } | null>(
    null,
  );
  useEffect(() => {
    if (id === "custom") return; // the person's own images have no preview file: the panel shows them
    let isCurrent = true;
    fetchPreview(id).then(
      (preview) => {
        if (isCurrent) setResult({ id, preview, error: null });
      },
      (error: unknown) => {
        if (isCurrent) setResult({ id, preview: null, error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [id]);
  return result?.id === id ? { preview: result.preview, error: result.error } : { preview: null, error: null };
}
