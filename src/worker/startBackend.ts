import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import wasmUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url";
import wasmSimdUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url";
import wasmThreadedUrl from "@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url";
import { registerGradientKernels } from "../core/backends/gradKernels.ts";
import type { BackendName, BackendPreference } from "../config/backends.ts";
import { BACKEND_LABELS, type BackendInfo, type BackendProbe } from "./backendTypes.ts";
import { probeBackends, rankBackends } from "./probeBackends.ts";

let wasmConfigured = false;

/** Makes `name` the active backend if it starts and computes; false otherwise. */
export async function tryBackend(name: BackendName): Promise<boolean> {
  if (name === "webgpu") await import("@tensorflow/tfjs-backend-webgpu");
  if (name === "wasm" && !wasmConfigured) {
    // served from our own origin; the threaded build needs cross-origin isolation, which we do not use
    setWasmPaths({
      "tfjs-backend-wasm.wasm": wasmUrl,
      "tfjs-backend-wasm-simd.wasm": wasmSimdUrl,
      "tfjs-backend-wasm-threaded-simd.wasm": wasmThreadedUrl,
    });
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    wasmConfigured = true;
  }
  try {
    const ok = await tf.setBackend(name);
    if (!ok || tf.getBackend() !== name) return false;
    await tf.ready();
    if (name === "wasm" || name === "cpu") registerGradientKernels(name);
    // a tiny op proves the backend really computes
    const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
    const value = (await probe.data())[0];
    probe.dispose();
    return value === 3;
  } catch {
    return false;
  }
}

function describe(
  chosen: BackendProbe,
  preference: BackendPreference,
  probes: BackendProbe[],
  failed: BackendName[],
): string {
  const label = BACKEND_LABELS[chosen.name];
  const softGpus = probes.filter((p) => p.available && p.isSoftware).map((p) => BACKEND_LABELS[p.name]);
  const failedText = failed.length ? `${failed.map((n) => BACKEND_LABELS[n]).join(", ")} did not start. ` : "";
  if (preference !== "auto")
    return chosen.name === preference ? `${label}, as chosen.` : `${failedText}Fell back to ${label}.`;
  if (chosen.name === "webgpu" || chosen.name === "webgl") {
    return chosen.isSoftware
      ? `${failedText}${label} runs on a software GPU (slow), the best that started.`
      : `${failedText}${label} on a hardware GPU.`;
  }
  if (softGpus.length) return `${failedText}${softGpus.join(" and ")} only on a software GPU: ${label} is faster here.`;
  return `${failedText}No GPU backend available: ${label} is the fastest fallback.`;
}

/**
 * Starts the preferred backend, or for "auto" the best-ranked that starts (falling back down the list).
 * Returns what started and why.
 */
export async function startBackend(preference: BackendPreference, thread: BackendInfo["thread"]): Promise<BackendInfo> {
  const probes = await probeBackends();
  const ranked = rankBackends(probes);
  const order = preference === "auto" ? ranked : [preference, ...ranked.filter((n) => n !== preference)];
  const failed: BackendName[] = [];
  for (const name of order) {
    if (await tryBackend(name)) {
      const probe = probes.find((p) => p.name === name)!;
      return {
        name,
        device: probe.device,
        isSoftware: probe.isSoftware,
        thread,
        probes,
        reason: describe(probe, preference, probes, failed),
      };
    }
    failed.push(name);
  }
  throw new Error("No tfjs backend could start.");
}
