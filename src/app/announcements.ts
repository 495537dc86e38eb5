import { create } from "zustand";
import { PRESETS, PRESET_IDS } from "../config/presets.ts";
import type { ExperimentConfig } from "../config/schema.ts";
import type { VariantReport } from "../core/compress/report.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { isActivePhase } from "../core/train/trainingRun.ts";
import type { EpochMetrics } from "../core/train/metrics.ts";
import { createAnnouncer, type AnnouncementKind } from "./announcer.ts";
import { useCompressionStore } from "./compressionStore.ts";
import { useAppStore, type RunRecord } from "./store.ts";

// the panels' formats (src/ui/format.ts), repeated: the app layer does not import the UI's helpers
const formatPercent = (fraction: number) => `${(fraction * 100).toFixed(1)}%`;
const formatBytes = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The text of the page's one polite live region (LiveRegion shows it). */
export const useAnnouncementStore = create<{ text: string }>()(() => ({ text: "" }));

// a live region that gets the same text again says nothing: a trailing no-break space makes the repeat a change
const announcer = createAnnouncer((text) => {
  const previous = useAnnouncementStore.getState().text;
  useAnnouncementStore.setState({ text: previous === text ? `${text}\u00a0` : text });
});

/** Queues a message for the live region (at most one every 3 s; see announcer.ts). */
export function announce(kind: AnnouncementKind, text: string): void {
  announcer.say(kind, text);
}

/** "Training started: Tiny on MNIST digits, 3 epochs". */
export function runStartText(config: ExperimentConfig): string {
  const key = JSON.stringify(config.layers);
  const preset = PRESET_IDS.find((id) => JSON.stringify(PRESETS[id].config.layers) === key);
  const model = preset ? PRESETS[preset].label : "a custom model";
  const epochs = `${config.epochs} epoch${config.epochs === 1 ? "" : "s"}`;
  return `Training started: ${model} on ${DATASETS[config.datasetId].label}, ${epochs}`;
}

/** "Epoch 2 of 3: validation accuracy 97.1%" (training accuracy when nothing was held out). */
export function epochText(epoch: EpochMetrics, total: number): string {
  const accuracy =
    epoch.valAccuracy === null
      ? `training accuracy ${formatPercent(epoch.trainAccuracy)}`
      : `validation accuracy ${formatPercent(epoch.valAccuracy)}`;
  return `Epoch ${epoch.epochIndex + 1} of ${total}: ${accuracy}`;
}

/** "Training finished: test accuracy 97.8%", or stopped, or failed. */
export function runEndText(run: Pick<RunRecord, "ended" | "testAccuracy" | "error">): string {
  const test = run.testAccuracy === null ? "" : `: test accuracy ${formatPercent(run.testAccuracy)}`;
  if (run.ended === "failed") return `Training failed${run.error ? `: ${run.error}` : ""}`;
  return `Training ${run.ended === "stopped" ? "stopped" : "finished"}${test}`;
}

/** "Variant 50% filters · int8 measured: accuracy 97.2%, 4.1 KB, p50 0.8 ms". */
export function labResultText(report: VariantReport): string {
  const timing = report.latency.find((l) => l.current)?.stats[0];
  const p50 = timing ? `, p50 ${timing.p50Ms.toFixed(1)} ms` : "";
  const name = report.spec === null ? "Baseline" : `Variant ${report.label}`;
  return `${name} measured: accuracy ${formatPercent(report.accuracy)}, ${formatBytes(report.sizes.packedBytes)}${p50}`;
}

let watching = false;

/** Announces run starts, epochs, run ends and lab results as the stores change; once per page. */
export function watchAnnouncements(): void {
  if (watching) return;
  watching = true;
  // the record shown when Train was pressed and its epochs: a continued run numbers its epochs on from them (a
  // new run's record comes a moment after the status changes, so its id differs)
  let startRecord = { id: -1, epochs: 0, planned: 0 };
  useAppStore.subscribe((state, prev) => {
    const run = state.runs.at(-1);
    if (isActivePhase(state.status) && !isActivePhase(prev.status)) {
      startRecord = { id: run?.id ?? -1, epochs: run?.epochs.length ?? 0, planned: state.config.epochs };
      announce("run-start", runStartText(state.config));
    }
    const before = prev.runs.at(-1);
    // a record that appears whole (restored, loaded) is history, not news: only changes to the same record are said
    if (!run || !before || before.id !== run.id) return;
    if (run.epochs.length > before.epochs.length)
      announce(
        "epoch",
        epochText(run.epochs.at(-1)!, (run.id === startRecord.id ? startRecord.epochs : 0) + startRecord.planned),
      );
    if (run.ended !== null && before.ended === null) announce("run-end", runEndText(run));
  });
  useCompressionStore.subscribe((state, prev) => {
    if (state.current && state.current !== prev.current) announce("lab", labResultText(state.current));
    const added = state.reports.filter((r) => !prev.reports.includes(r) && r.spec !== null);
    for (const report of added) announce("lab", labResultText(report));
  });
}
