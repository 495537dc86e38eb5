// The gradient norm of each layer, for the "Step" view: measured on the gradients an optimizer step applies.
import * as tf from "@tensorflow/tfjs";
import { filterChanges, type FilterChange } from "../inspect/filterChange.ts";
import { convKernelWeights, convKernels, type ConvKernel } from "../inspect/probe.ts";

/** One layer's ‖g‖: the Euclidean norm of the gradient over all its trainable weights (kernel, bias, …). */
export interface LayerGradNorm {
  layer: string;
  norm: number;
}

/**
 * The norm of each layer's gradients in `grads` (keyed by variable name, as optimizers key them), in layer order;
 * layers without trainable weights are left out. Returns the names and one 1-D tensor the caller owns.
 */
export function layerGradNorms(
  model: tf.LayersModel,
  grads: tf.NamedTensorMap,
): { layers: string[]; norms: tf.Tensor1D | null } {
  const layers: string[] = [];
  const groups: tf.Tensor[][] = [];
  for (const layer of model.layers) {
    const own = layer.trainableWeights
      .map((w) => grads[(w.read() as tf.Variable).name])
      .filter((g): g is tf.Tensor => g !== undefined);
    if (own.length === 0) continue;
    layers.push(layer.name);
    groups.push(own);
  }
  if (groups.length === 0) return { layers, norms: null };
  const norms = tf.tidy(() => tf.stack(groups.map((own) => tf.addN(own.map((g) => g.square().sum())).sqrt())));
  return { layers, norms: norms as tf.Tensor1D };
}

/**
 * Catches the gradients of one optimizer step when armed: the train step hands it the gradients it applies (the
 * data-parallel step its averaged ones), the tap keeps only their per-layer norms (one small tensor) and disarms.
 */
export class GradientTap {
  private armed = false;
  private held: { layers: string[]; norms: tf.Tensor1D | null } | null = null;
  /** The conv kernels as they were before the recorded step (copies on the device), and their model. */
  private before: { model: tf.LayersModel; kernels: Array<Omit<ConvKernel, "values"> & { copy: tf.Tensor }> } | null =
    null;

  /** The next step records its gradients' norms (a recording not yet taken is dropped). */
  arm(): void {
    this.drop();
    this.armed = true;
  }
  get isArmed(): boolean {
    return this.armed;
  }
  /** Called by a train step with the gradients it is about to apply, before they are disposed. */
  record(model: tf.LayersModel, grads: tf.NamedTensorMap): void {
    if (!this.armed) return;
    this.armed = false;
    this.held = layerGradNorms(model, grads);
    // the weights are not yet updated: copies of the kernels let the step's change per filter be measured after
    const kernels = convKernelWeights(model).map(({ weight, ...k }) => ({
      ...k,
      copy: tf.keep(weight.read().clone()),
    }));
    this.before = { model, kernels };
  }
  /** The recorded norms (null when no step recorded since arm), read back and let go of. */
  async take(): Promise<LayerGradNorm[] | null> {
    const held = this.held;
    this.held = null;
    this.armed = false;
    if (!held) return null;
    if (!held.norms) return [];
    try {
      const values = await held.norms.data();
      return held.layers.map((layer, i) => ({ layer, norm: values[i] }));
    } finally {
      held.norms.dispose();
    }
  }
  /**
   * How the recorded step changed each conv filter (read once the step has been applied), then lets go of the
   * copies; empty when no step was recorded.
   */
  async takeFilterChanges(): Promise<FilterChange[]> {
    const before = this.before;
    this.before = null;
    if (!before) return [];
    try {
      const old = await Promise.all(
        before.kernels.map(async ({ copy, ...k }) => ({ ...k, values: (await copy.data()) as Float32Array })),
      );
      return filterChanges(old, await convKernels(before.model));
    } finally {
      tf.dispose(before.kernels.map((k) => k.copy));
    }
  }
  /** Lets go of a recording not taken, and disarms. */
  drop(): void {
    this.held?.norms?.dispose();
    this.held = null;
    if (this.before) tf.dispose(this.before.kernels.map((k) => k.copy));
    this.before = null;
    this.armed = false;
  }
}
