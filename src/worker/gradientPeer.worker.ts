// A gradient peer: a worker with its own WASM backend and copy of the model, computing one slice of each batch
// for the trainer (data-parallel training, see core/train/parallelStep.ts).
import { expose, transfer } from "comlink";
import type * as tf from "@tensorflow/tfjs";
import type { ExperimentConfig } from "../config/schema.ts";
import { buildModel, disposeModel } from "../core/model/buildModel.ts";
import type { Shape } from "../core/model/inferShapes.ts";
import { sliceGradients, type SliceGradients, type SliceJob } from "../core/train/parallelStep.ts";
import type { LossOptions } from "../core/train/trainLoop.ts";
import { tryBackend } from "./startBackend.ts";

let model: tf.LayersModel | null = null;
let loss: LossOptions = {};

export const gradientPeerApi = {
  /** Starts WASM and builds the run's model (its weights arrive with each slice); false when WASM did not start. */
  async prepare(
    config: ExperimentConfig,
    inputShape: Shape,
    numClasses: number,
    options: LossOptions,
  ): Promise<boolean> {
    if (!(await tryBackend("wasm"))) return false;
    if (model) disposeModel(model);
    model = buildModel(config, inputShape, numClasses);
    loss = options;
    return true;
  },
  async gradients(job: SliceJob): Promise<SliceGradients> {
    if (!model) throw new Error("gradient peer: prepare() first");
    const result = await sliceGradients(model, job, loss);
    return transfer(
      result,
      result.grads.map((g) => g.buffer as ArrayBuffer),
    );
  },
};
export type GradientPeerApi = typeof gradientPeerApi;

expose(gradientPeerApi);
