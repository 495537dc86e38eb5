import { describeCompression, type CompressionSpec } from "../config/compression.ts";
import { useAppStore } from "./store.ts";
import { useCompressionStore } from "./compressionStore.ts";
import { getTrainerClient } from "./actions.ts";

const set = useCompressionStore.setState;
const get = useCompressionStore.getState;

/** True when a trained model exists to compress (a finished or stopped run) and nothing else runs. */
export function canCompress(): boolean {
  const app = useAppStore.getState();
  return app.status === "idle" && app.runs.at(-1)?.testAccuracy != null && get().job === null;
}

/**
 * Derives and measures one variant of the trained model (or, with `spec` null, measures the baseline).
 * The baseline is measured first when missing; the trained model itself is never changed.
 */
export async function runVariant(spec: CompressionSpec | null): Promise<void> {
  if (!canCompress()) return;
  const client = await getTrainerClient();
  const needBaseline = !get().reports.some((r) => r.spec === null);
  const jobs: (CompressionSpec | null)[] = needBaseline && spec !== null ? [null, spec] : [spec];
  set({ error: null });
  try {
    for (const job of jobs) {
      const label = job ? describeCompression(job) : "Baseline";
      set({ job: { label, progress: { stage: "evaluating", fraction: 0 } } });
      const report = await client.compress(job, (progress) => set({ job: { label, progress } }));
      const baseline = get().reports.find((r) => r.spec === null);
      const withId = { ...report, id: get().reports.reduce((m, r) => Math.max(m, r.id), 0) + 1,
        accuracyDelta: baseline && job ? (report.accuracy - baseline.accuracy) * 100 : 0 };
      set({ reports: job ? [...get().reports, withId] : [withId, ...get().reports.filter((r) => r.spec !== null)] });
    }
  } catch (error) {
    set({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    set({ job: null });
  }
}

/** Removes a variant's row (the baseline stays). */
export function removeVariant(id: number): void {
  set({ reports: get().reports.filter((r) => r.id !== id || r.spec === null) });
}

