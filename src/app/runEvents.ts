/**
 * What happens around a run, in one place and in order: when a run starts, and when a trained model is ready
 * (a run ended, or a model was loaded or imported). The lab and the inspector load after first paint and add
 * their steps here when they do; `modelReady` runs every step, one after the other.
 */
interface Step {
  name: string;
  /** A run is starting: what was measured or read describes weights about to change. */
  started?: () => void;
  /** A trained model is ready (the run ended, or a model was loaded). */
  ready?: () => void | Promise<void>;
}

const steps: Step[] = [];

/** Adds a step (once per name: a module loaded twice in tests does not add it twice). */
export function addRunStep(step: Step): void {
  if (!steps.some((s) => s.name === step.name)) steps.push(step);
}

/** A run is starting. */
export function runStarted(): void {
  for (const step of steps) step.started?.();
}

let pipeline: Promise<void> = Promise.resolve();

/** A trained model is ready (or gone): each step in order, after the pipeline before it has finished. */
export function modelReady(): Promise<void> {
  pipeline = pipeline.then(async () => {
    for (const step of steps) {
      try {
        await step.ready?.();
      } catch (error) {
        console.warn(`After the run, "${step.name}" failed:`, error);
      }
    }
  });
  return pipeline;
}

/** Resolves when the pipeline's steps so far have finished (before the model they read changes). */
export function modelPipelineIdle(): Promise<void> {
  return pipeline;
}
