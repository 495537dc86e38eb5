import * as tf from "@tensorflow/tfjs";
import type { ExperimentConfig } from "../config/schema.ts";
import type { DatasetSplit } from "../core/data/datasetFormat.ts";
import { readCheckpoint } from "../core/storage/checkpoint.ts";
import type { Evaluation } from "../core/train/metrics.ts";
import { BACKEND_LABELS, type BackendInfo } from "./backendTypes.ts";
import { loadModelFiles, singleWeightsFile } from "./modelFiles.ts";
import { tryBackend } from "./startBackend.ts";

/**
 * What tfjs's GPU backends hold that can be lost: WebGL's context (on its canvas: an OffscreenCanvas in the
 * worker, whose lib types leave `canvas` out) and WebGPU's device.
 */
interface GpuBackend {
  gpgpu?: { gl?: (WebGLRenderingContext | WebGL2RenderingContext) & { readonly canvas?: EventTarget } };
  device?: { lost?: Promise<{ message?: string }> };
}

const gpuOf = () => tf.backend() as unknown as GpuBackend;

/**
 * Calls `onLost` once if the active backend loses its GPU (a WebGL context lost, a WebGPU device lost: a driver
 * reset, a GPU process crash, a laptop switching GPUs). Returns a function that stops watching.
 */
export function watchGpuLoss(onLost: (reason: string) => void): () => void {
  let watching = true;
  const fire = (reason: string) => {
    if (!watching) return;
    watching = false;
    onLost(reason);
  };
  const backend = gpuOf();
  const canvas = backend.gpgpu?.gl?.canvas;
  const onContextLost = () => fire("the WebGL context was lost");
  canvas?.addEventListener("webglcontextlost", onContextLost);
  void backend.device?.lost?.then((info) =>
    fire(`the WebGPU device was lost${info.message ? ` (${info.message})` : ""}`),
  );
  return () => {
    watching = false;
    canvas?.removeEventListener("webglcontextlost", onContextLost);
  };
}

/** Test hook: makes the active WebGL backend lose its context, as a driver reset would; false when not on WebGL. */
export function loseWebGlContext(): boolean {
  const extension = gpuOf().gpgpu?.gl?.getExtension("WEBGL_lose_context");
  extension?.loseContext();
  return Boolean(extension);
}

/** After a GPU loss: makes WASM (else CPU) the active backend; the trainer's new backend info, saying why. */
export async function moveOffLostGpu(lost: BackendInfo, reason: string): Promise<BackendInfo> {
  const name = (await tryBackend("wasm")) ? "wasm" : (await tryBackend("cpu")) ? "cpu" : null;
  if (!name)
    throw new Error(`${BACKEND_LABELS[lost.name]} lost its GPU (${reason}) and neither WASM nor CPU could start.`);
  const probe = lost.probes.find((p) => p.name === name);
  return {
    ...lost,
    name,
    device: probe?.device ?? null,
    isSoftware: false,
    speeds: undefined,
    reason: `${BACKEND_LABELS[lost.name]} lost its GPU (${reason}): moved to ${BACKEND_LABELS[name]}.`,
  };
}

/**
 * The model of this run's last checkpoint (the end of its last finished epoch), rebuilt on the active backend and
 * measured on the test set; null when there is none or it cannot be read.
 */
export async function modelFromCheckpoint(
  config: ExperimentConfig,
  test: DatasetSplit,
): Promise<{ model: tf.Sequential; test: Evaluation } | null> {
  const read = await readCheckpoint();
  if (!read.ok || JSON.stringify(read.value.config.layers) !== JSON.stringify(config.layers)) return null;
  const { result, model } = await loadModelFiles(
    read.value.modelJson,
    singleWeightsFile(read.value.weightsBin),
    config,
    async () => test,
  );
  return result.ok && model ? { model, test: result.test } : null;
}
