import { useAppStore } from "../../app/store.ts";
import type { BatchMetrics, EpochMetrics } from "../../core/train/metrics.ts";
import { EpochChart } from "./EpochChart.tsx";
import { LossAccuracyChart } from "./LossAccuracyChart.tsx";

// stable empties: a fresh [] per selector call would re-render forever
const NO_BATCHES: BatchMetrics[] = [];
const NO_EPOCHS: EpochMetrics[] = [];

/** Curves of the newest run. */
export function ChartsPanel() {
  const batches = useAppStore((s) => s.runs.at(-1)?.batches ?? NO_BATCHES);
  const epochs = useAppStore((s) => s.runs.at(-1)?.epochs ?? NO_EPOCHS);
  const title = useAppStore((s) => s.runs.at(-1)?.title ?? null);
  return (
    <section className="panel">
      <h2>Curves</h2>
      {title && <p className="muted">{title}</p>}
      <LossAccuracyChart batches={batches} />
      <EpochChart epochs={epochs} />
    </section>
  );
}
