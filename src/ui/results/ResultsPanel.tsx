import { clearEarlierRuns, restoreRunExperiment, toggleCompare, useCompareStore } from "../../app/compareStore.ts";
import { useDatasetInfo } from "../../app/customImages/useDatasetInfo.ts";
import { isRunActive, useAppStore, type RunRecord } from "../../app/store.ts";
import { MAX_STORED_RUNS } from "../../core/storage/runHistory.ts";
import { ConceptNote } from "../concepts/ConceptNote.tsx";
import { PreviousRunsTable, type PreviousRunRow } from "./PreviousRunsTable.tsx";
import { TestAccuracy } from "./TestAccuracy.tsx";

/** A run as a row of the runs table; a run that Train continued says so ("continued 2×"). */
export function toRow(run: RunRecord): PreviousRunRow {
  return {
    id: run.id,
    title: run.continued ? `${run.title} (continued ${run.continued}×)` : run.title,
    epochsDone: run.epochs.length,
    testAccuracy: run.testAccuracy,
    examplesPerSec: run.progress?.examplesPerSec ?? run.epochs.at(-1)?.examplesPerSec ?? null,
    ended: run.error ? "failed" : run.stopReason ? "diverged" : (run.ended ?? "running"),
  };
}

/** What stands in for the test accuracy when the newest run has none. */
function pendingText(latest: RunRecord | undefined): string {
  if (!latest) return "No runs yet: the test accuracy appears after training.";
  if (latest.stopReason)
    return "The model diverged, so it was not evaluated; the next run starts again from the seed's initial weights.";
  if (latest.ended === "stopped") return "Stopped before the first batch: there is no newly trained model to evaluate.";
  if (latest.ended === "failed") return "The run failed before it was evaluated.";
  return "The test accuracy appears when the run finishes.";
}

/** Results of the newest run and a table of the earlier ones. */
export function ResultsPanel() {
  const runs = useAppStore((s) => s.runs);
  const latest = runs.at(-1);
  const latestInfo = useDatasetInfo(latest?.config.datasetId ?? "mnist");
  const previous = runs.slice(0, -1).reverse().map(toRow);
  const compared = useCompareStore((s) => s.ids);
  const notice = useCompareStore((s) => s.notice);
  const running = useAppStore(isRunActive);
  return (
    <section className="panel">
      <h2>Results</h2>
      {latest?.testAccuracy != null ? (
        <TestAccuracy
          accuracy={latest.testAccuracy}
          loss={latest.testLoss}
          testCount={latestInfo.testCount}
          backendLabel={latest.backend}
          stoppedAfterExamples={latest.ended === "stopped" ? (latest.progress?.examplesSeen ?? 0) : null}
        />
      ) : (
        <p className="muted">{pendingText(latest)}</p>
      )}
      {latest?.error && (
        <p className="alert" role="alert">
          The run failed: {latest.error}
        </p>
      )}
      {latest?.stopReason && (
        <div className="alert" role="alert">
          <p>{latest.stopReason}</p>
          <ConceptNote id="divergence" />
        </div>
      )}
      <PreviousRunsTable
        rows={previous}
        compared={compared}
        onToggleCompare={toggleCompare}
        onRestore={(id) => {
          const run = runs.find((r) => r.id === id);
          if (run) restoreRunExperiment(id, run.config);
        }}
        restoreDisabled={running}
        onClear={() => void clearEarlierRuns()}
        maxKept={MAX_STORED_RUNS}
        notice={notice}
      />
    </section>
  );
}
