/** Helpers shared by the kernel tests: seeded host data, error measure, tfjs's original cpu kernels. */
import * as tf from "@tensorflow/tfjs";
import type { KernelConfig } from "@tensorflow/tfjs";
import { gradientKernelNames, registerGradientKernels } from "../../src/core/backends/gradKernels.ts";
import { createRng } from "../../src/core/random.ts";

/** A tensor's shape and values, kept on the host so every backend gets the same numbers. */
export interface HostTensor {
  shape: number[];
  data: Float32Array;
}

// seeded, so failures are reproducible
const random = createRng(20240611);
const rand = () => random.next();
/** A uniform integer in [lo, hi]. */
export const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
/** Uniform values in [-1, 1); a fraction `zeros` of them exactly 0 (ReLU outputs, ties in pooling). */
export const host = (shape: number[], zeros = 0): HostTensor => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rand() < zeros ? 0 : rand() * 2 - 1)),
});
/** The host tensor on the current backend. */
export const toTensor = (t: HostTensor): tf.Tensor => tf.tensor(t.data, t.shape);

/** Largest absolute difference relative to the largest reference magnitude. */
export function maxRelErr(got: Float32Array, ref: Float32Array): number {
  let scale = 0;
  let err = 0;
  ref.forEach((v, i) => {
    scale = Math.max(scale, Math.abs(v));
    err = Math.max(err, Math.abs(v - got[i]));
  });
  return err / Math.max(scale, 1e-12);
}

const originalCpu = new Map<string, KernelConfig>();
/** Remembers tfjs's own cpu kernels; call before registerGradientKernels("cpu"). */
export function saveOriginalCpuKernels(): void {
  for (const name of gradientKernelNames("cpu")) originalCpu.set(name, tf.getKernel(name, "cpu"));
}

/** Runs fn on cpu with tfjs's original cpu kernels in place (our cpu replacements removed meanwhile). */
export async function onOriginalCpu<T>(fn: () => T | Promise<T>): Promise<T> {
  await tf.setBackend("cpu");
  const ours = gradientKernelNames("cpu").map((name) => tf.getKernel(name, "cpu"));
  for (const cfg of ours) {
    tf.unregisterKernel(cfg.kernelName, "cpu");
    tf.registerKernel(originalCpu.get(cfg.kernelName) ?? cfg);
  }
  try {
    return await fn();
  } finally {
    for (const cfg of ours) {
      tf.unregisterKernel(cfg.kernelName, "cpu");
      tf.registerKernel(cfg);
    }
  }
}

/** Runs fn on the given backend. */
export async function on<T>(backend: "cpu" | "wasm", fn: () => T): Promise<T> {
  await tf.setBackend(backend);
  return fn();
}

/** beforeAll of the kernel tests: keeps tfjs's cpu kernels for reference, then installs ours on wasm and cpu. */
export async function installKernelsForTest(): Promise<void> {
  saveOriginalCpuKernels();
  await tf.setBackend("wasm");
  await tf.ready();
  registerGradientKernels("wasm");
  registerGradientKernels("cpu");
}
