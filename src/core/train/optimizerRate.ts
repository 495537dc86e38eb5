// Sets a tfjs optimizer's learning rate between steps, for the learning-rate schedule.
import * as tf from "@tensorflow/tfjs";

/**
 * Makes the optimizer's next step use `rate`. Adam and RMSprop read `learningRate` on every applyGradients; SGD
 * (and momentum, its subclass) multiply by a scalar made from it, which only setLearningRate remakes.
 */
export function setOptimizerRate(optimizer: tf.Optimizer, rate: number): void {
  const current = optimizer as tf.Optimizer & { learningRate: number; setLearningRate?: (rate: number) => void };
  if (current.learningRate === rate) return; // a constant schedule allocates nothing per step
  // not instanceof: tfjs optimizer classes answer it by duck typing (Adam passes as an SGDOptimizer)
  if (typeof current.setLearningRate === "function") current.setLearningRate(rate);
  else current.learningRate = rate;
}
