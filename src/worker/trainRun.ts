/** The trainer's training run: preparing steps, the loop, evaluation, checkpoints, and what a lost GPU leaves. */
import * as tf from "@tensorflow/tfjs";
import { isAugmentationOff, scheduleOf, trainingDataOf, type ExperimentConfig } from "../config/schema.ts";
import { DATASETS } from "../core/data/datasets.ts";
import { planTraining } from "../core/data/imbalance.ts";
import { arrivingParts } from "../core/data/arrivingData.ts";
import { firstPartOf } from "../core/data/loadDataset.ts";
import { buildModel } from "../core/model/buildModel.ts";
import { inferShapes } from "../core/model/inferShapes.ts";
import { checkMemoryBudget } from "../core/model/memoryBudget.ts";
import { createRng } from "../core/random.ts";
import type { BatchMetrics, EpochMetrics, Evaluation, RunSummary } from "../core/train/metrics.ts";
import { writeCheckpoint } from "../core/storage/checkpoint.ts";
import { runTraining } from "../core/train/trainLoop.ts";
import { makeParallelTrainStep } from "../core/train/parallelStep.ts";
import { preparePeers, trainingWorkers, whyOneWorker } from "./gradientPeers.ts";
import { evaluateModel } from "../core/train/trainLoopEvaluate.ts";
import { divergenceRulesFor } from "../core/train/divergence.ts";
import { refusal, StoppedWhilePreparingError, TrainingRun, type PreparingStep } from "../core/train/trainingRun.ts";
import { modelFromCheckpoint, moveOffLostGpu, watchGpuLoss } from "./gpuLoss.ts";
import { BACKEND_LABELS } from "./backendTypes.ts";
import { chooseFastestBackend } from "./autoBackend.ts";
import { modelFiles } from "./modelFiles.ts";
import { GradientTap } from "../core/train/gradNorms.ts";
import { endStepping, startStepping, stepRun } from "./stepRun.ts";
import {
  autoKeyOf,
  cancelCompress,
  dropModel,
  modelKeyOf,
  state,
  streamedDataset,
  type Loaded,
  type TrainerCallbacks,
} from "./trainerState.ts";

/** How a run starts, and test hooks. */
export interface TrainStartOptions {
  /** The run waits at the start of this preparing step until it is stopped. */
  holdAt?: PreparingStep;
  /** Start from the seed's initial weights even when the trained model's settings match (the page's continue rule said so). */
  fresh?: boolean;
  /** At most this many workers share each batch on WASM (default: one per core, see trainingWorkers). */
  maxWorkers?: number;
  /** Step pressed before the run: it pauses after exactly one batch (and reports that step like any other). */
  stepFirst?: boolean;
}

/** Tells the page how many workers train this run (the badge says it), and why fewer than cores when so. */
function reportWorkers(count: number, wanted: number, config: ExperimentConfig, callbacks: TrainerCallbacks): void {
  if (!state.backend) return;
  const cores = trainingWorkers();
  let note: string | null = null;
  if (state.backend.name === "wasm" && count < cores) {
    note = whyOneWorker(config) ?? (count < wanted ? "the other workers did not start" : `limited to ${wanted}`);
  }
  state.backend = { ...state.backend, workers: { count, cores, note } };
  void Promise.resolve(callbacks.onBackend?.(state.backend)).catch(() => {});
}

/**
 * Trains the config's model: continues the current one if the config still matches it, else builds one from
 * the seed. Evaluates the full test set at the end, also after a stop. Callbacks get metric deltas and every
 * change of the run's phase. The run object is created before the first await, so a Stop sent right after
 * Train always finds it.
 */
export async function train(
  config: ExperimentConfig,
  baseUrl: string,
  callbacks: TrainerCallbacks,
  options: TrainStartOptions = {},
): Promise<{ summary: RunSummary; test: Evaluation | null }> {
  const refused = state.run ? refusal(state.run.phase, "train") : null;
  if (refused) throw new Error(refused);
  // through comlink the callback is a proxy that rejects when the page gave none
  const run = new TrainingRun(
    (phase, step) => void Promise.resolve(callbacks.onPhase?.(phase, step)).catch(() => {}),
    options.holdAt ?? null,
  );
  state.run = run;
  const info = DATASETS[config.datasetId];
  try {
    const stats = inferShapes(config.layers, info.inputShape, info.numClasses);
    if (stats.error) throw new Error(stats.error.message); // limits are checked before any tensor exists
    const overBudget = checkMemoryBudget(config); // and what one training step would really allocate
    if (overBudget) throw new Error(overBudget);
    // training starts once the training file's first part is in (a first visit); the rest arrives while it runs
    const file = await run.prepare("loading the dataset", async () => {
      const stream = await streamedDataset(config.datasetId, baseUrl);
      await stream.whenTrainArrived(firstPartOf(stream.train.count));
      return stream;
    });
    await run.prepare("letting the lab finish", async () => {
      await cancelCompress(); // the lab reads the model: let go of it before the weights change
      state.variants.clear(); // measured on the weights that training is about to change
    });
    if (options.fresh || !state.model || state.modelKey !== modelKeyOf(config)) {
      dropModel();
      if (state.preference === "auto" && state.backend && state.autoKey !== autoKeyOf(config)) {
        // a new kind of model: time a few steps on each backend (the model is built after, on the winner)
        state.backend = await run.prepare(
          "timing the backends",
          () => chooseFastestBackend(state.backend!, config, file.train), // its first batch is in
        );
        state.autoKey = autoKeyOf(config);
        void Promise.resolve(callbacks.onBackend?.(state.backend)).catch(() => {});
      }
      await run.prepare("building the model", () => {
        state.model = buildModel(config, info.inputShape, info.numClasses);
        state.modelKey = modelKeyOf(config);
      });
    }
    const model = state.model!;
    const rng = createRng(config.seed);
    // the validation hold-out, then the experiments of the Training data settings (a smaller or imbalanced training
    // part; validation stays whole): chosen from the labels, which come before any pixel
    const trainingData = trainingDataOf(config);
    const plan = planTraining(file.train.labels, info.numClasses, config.validationFraction, trainingData, rng);
    const { classWeights } = plan;
    // the parts fill in as the images arrive; the batches take only examples that are in (runTraining)
    const { train: trainPart, validation, arriving } = arrivingParts(file, plan);
    // on WASM, one worker per core shares each batch (data-parallel): the same run, sooner
    const loss = { classWeights, l2: config.l2 || undefined };
    const workers = Math.min(trainingWorkers(), options.maxWorkers ?? Infinity);
    const peers =
      state.backend?.name === "wasm" && workers > 1 && !whyOneWorker(config)
        ? await run.prepare("starting the training workers", () =>
            preparePeers(workers - 1, config, info.inputShape, info.numClasses, loss),
          )
        : [];
    reportWorkers(peers.length + 1, workers, config, callbacks);
    const tap = new GradientTap();
    const steps = startStepping(tap, callbacks);
    run.startTraining();
    if (options.stepFirst && run.phase === "training") {
      run.command("pause");
      stepRun();
    }
    // the run's history as the trainer sees it, for the checkpoint kept after every epoch
    const history: { batches: BatchMetrics[]; epochs: EpochMetrics[] } = { batches: [], epochs: [] };
    const keep = (testAccuracy: number | null) => keepCheckpoint(model, config, history, testAccuracy);
    // a lost GPU stops the loop; the run then goes on from its last checkpoint on WASM (recoverFromGpuLoss)
    // a lost GPU can leave the loop waiting forever on a read-back: the run goes on without it (recoverFromGpuLoss)
    let unwatch = () => {};
    const gpuLost = new Promise<string>((resolve) => {
      unwatch = watchGpuLoss(resolve);
    });
    const training = runTraining(
      model,
      { train: trainPart, validation },
      {
        epochs: config.epochs,
        batchSize: config.batchSize,
        numClasses: info.numClasses,
        rng,
        augment: isAugmentationOff(trainingData.augment) ? undefined : trainingData.augment,
        ...loss, // L2 lives in the loss, not the model: modelKeyOf leaves it out
        trainStep: peers.length ? makeParallelTrainStep(peers, loss, undefined, tap) : undefined,
        gradientTap: tap,
        divergence: divergenceRulesFor(config, info.numClasses),
        // always set, so a model kept from a scheduled run starts this one at this run's rate
        learningRate: { base: config.learningRate, schedule: scheduleOf(config) },
        afterEpoch: () => keep(null),
        arriving,
      },
      {
        onBatches: (batches, progress) => {
          steps.lastBatch = batches.at(-1) ?? steps.lastBatch;
          history.batches.push(...batches);
          callbacks.onBatches(batches, progress);
        },
        onEpoch: (metrics) => {
          history.epochs.push(metrics);
          callbacks.onEpoch(metrics);
        },
      },
      run.control,
    );
    const outcome = await Promise.race([
      training.then(
        (summary) => ({ summary }),
        (error: unknown) => ({ error }),
      ),
      gpuLost.then((reason) => ({ reason })),
    ]).finally(() => {
      unwatch();
      run.control.endStep(); // a step still under way when the run ended is reported with what it has
      endStepping(steps);
    });
    if ("reason" in outcome) {
      run.control.stop(); // if the loop ever wakes up, it stops
      training.catch(() => {}); // abandoned: its tensors were on the lost GPU
      return await recoverFromGpuLoss(outcome.reason, run, config, file.done, history.epochs.length, callbacks);
    }
    if ("error" in outcome) throw outcome.error;
    const { summary } = outcome;
    if (summary.diverged) {
      // the weights are ruined (NaN, or driven to confident nonsense): the next run starts again from the seed
      dropModel();
      run.finish();
      return { summary, test: null };
    }
    run.startEvaluating();
    // the test file may still be arriving on a first visit (it comes after the training file's first part)
    const data: Loaded = await file.done;
    // a stopped run is evaluated too: the person wants to know how good the model is right now
    const test = summary.examplesSeen > 0 ? await evaluateModel(model, data.test, info.numClasses) : null;
    if (test) {
      state.trained = { config, data, testAccuracy: test.accuracy };
      await keep(test.accuracy);
    }
    run.finish();
    return { summary, test };
  } catch (error) {
    if (!(error instanceof StoppedWhilePreparingError)) {
      run.fail();
      throw error;
    }
    // stopped before the first batch: the weights did not change, so the model trained before (if any) still stands
    const test =
      state.model && state.trained ? await evaluateModel(state.model, state.trained.data.test, info.numClasses) : null;
    run.finish();
    return {
      summary: {
        status: "stopped",
        epochsCompleted: 0,
        examplesSeen: 0,
        examplesPerSec: 0,
        elapsedMs: 0,
        stoppedWhile: error.step,
      },
      test,
    };
  }
}

/**
 * The GPU was lost mid-run: move to WASM, take the weights of the run's last finished epoch (its checkpoint), or
 * none (the next run starts from the seed), and end the run saying what happened.
 */
async function recoverFromGpuLoss(
  reason: string,
  run: TrainingRun,
  config: ExperimentConfig,
  loaded: Promise<Loaded>,
  epochsDone: number,
  callbacks: TrainerCallbacks,
) {
  const lost = state.backend!;
  try {
    dropModel();
  } catch {
    /* disposing on a lost context may throw: the tensors are gone with it */ state.model = null;
    state.trained = null;
  }
  state.backend = await moveOffLostGpu(lost, reason);
  state.autoKey = autoKeyOf(config); // do not time the backends again for this model
  void Promise.resolve(callbacks.onBackend?.(state.backend)).catch(() => {});
  run.startEvaluating();
  const data = await loaded;
  const restored = epochsDone > 0 ? await modelFromCheckpoint(config, data.test) : null;
  if (restored) {
    state.model = restored.model;
    state.modelKey = modelKeyOf(config);
    state.trained = { config, data, testAccuracy: restored.test.accuracy };
  }
  const label = BACKEND_LABELS[lost.name];
  const gpuLost = restored
    ? `${label} lost its GPU (${reason}): the trainer moved to ${BACKEND_LABELS[state.backend.name]} with the weights from the end of epoch ${epochsDone}; press Train to go on from there.`
    : `${label} lost its GPU (${reason}) before the first epoch ended: the trainer moved to ${BACKEND_LABELS[state.backend.name]}; press Train to start again from the seed's weights.`;
  run.finish();
  const summary: RunSummary = {
    status: "stopped",
    epochsCompleted: epochsDone,
    examplesSeen: 0,
    examplesPerSec: 0,
    elapsedMs: 0,
    gpuLost,
  };
  return { summary, test: restored?.test ?? null };
}

/** Keeps the model in IndexedDB as the checkpoint a reload or a lost worker can restore; a failed write is skipped. */
async function keepCheckpoint(
  model: tf.LayersModel,
  config: ExperimentConfig,
  history: { batches: BatchMetrics[]; epochs: EpochMetrics[] },
  testAccuracy: number | null,
): Promise<void> {
  try {
    const { modelJson, weightsBin } = await modelFiles(model, null, undefined);
    await writeCheckpoint({
      savedAt: Date.now(),
      config,
      compression: null,
      modelJson,
      weightsBin,
      history,
      testAccuracy,
      backend: state.backend?.name ?? "",
    });
  } catch (error) {
    console.warn("The checkpoint was not kept:", error);
  }
}
