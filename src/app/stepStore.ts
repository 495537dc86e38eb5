import { create } from "zustand";
import type { StepReport } from "../worker/trainerState.ts";

/** Step's state on the page: a step under way (further presses are ignored), and the newest step's report. */
export interface StepState {
  stepping: boolean;
  report: StepReport | null;
}

export const useStepStore = create<StepState>(() => ({ stepping: false, report: null }));

/** A step's batch was trained: show it, and take presses again. */
export function stepReported(report: StepReport): void {
  useStepStore.setState({ stepping: false, report });
}

/** The run ended (or a press was refused): no step is under way any more. */
export function stepEnded(): void {
  useStepStore.setState({ stepping: false });
}

/** A run started with Train: the last step's numbers describe other weights. */
export function clearStepReport(): void {
  useStepStore.setState({ stepping: false, report: null });
}
