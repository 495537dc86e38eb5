import { refusal } from "../core/train/trainingRun.ts";
import { getTrainer, startTraining } from "./actions.ts";
import { useAppStore } from "./store.ts";
import { stepEnded, useStepStore } from "./stepStore.ts";
import { refreshLiveFilters } from "./inspectActions.ts";

/**
 * Step: trains exactly one batch and pauses. Before a run (when Train would start one) it starts the run, which
 * pauses after its first batch; while paused it lets one more batch through. A press while a step is still under
 * way is ignored here (and refused by the trainer too, should one slip through): each accepted press is one batch.
 */
export async function stepTraining(): Promise<void> {
  if (useStepStore.getState().stepping) return; // ignored, not queued
  const { status } = useAppStore.getState();
  if (status === "paused") {
    useStepStore.setState({ stepping: true });
    const refused = await (await getTrainer()).step();
    if (refused) stepEnded(); // the run moved on meanwhile (resumed, stopped): nothing to wait for
    return;
  }
  if (refusal(status, "train") !== null) return;
  useStepStore.setState({ stepping: true, report: null });
  await startTraining({ stepFirst: true });
  stepEnded(); // the run ended, or never started (startTraining said no): take presses again
}

// after a step the live filters show the changed weights at once, not at their next periodic read
useStepStore.subscribe((now, before) => {
  if (now.report && now.report !== before.report) refreshLiveFilters();
});
