import type { BackendName } from "../config/backends.ts";
import { BACKEND_LABELS, type BackendProbe, type BackendSpeed } from "./backendTypes.ts";

/**
 * Which backends Auto times: hardware GPUs and WASM; CPU only when WASM did not start. Software
 * GPUs (SwiftShader, llvmpipe) are not timed: their first step compiles shaders for 20–50 s on our
 * machines, and they trained 9–100× slower than WASM there.
 */
export function autoCandidates(probes: BackendProbe[]): { timed: BackendName[]; skipped: BackendSpeed[] } {
  const available = probes.filter((p) => p.available);
  const timed = available
    .filter((p) => (p.name === "webgpu" || p.name === "webgl") && !p.isSoftware)
    .map((p) => p.name);
  const skipped: BackendSpeed[] = available
    .filter((p) => (p.name === "webgpu" || p.name === "webgl") && p.isSoftware)
    .map((p) => ({ name: p.name, examplesPerSec: null, note: "software GPU, not timed" }));
  if (available.some((p) => p.name === "wasm")) timed.push("wasm");
  if (available.some((p) => p.name === "cpu")) {
    if (timed.length === 0) timed.push("cpu");
    else skipped.push({ name: "cpu", examplesPerSec: null, note: "not timed: slower than WASM" });
  }
  return { timed, skipped };
}

/** "WebGL: 4.1k ex/s, WASM: 2.4k ex/s → WebGL" (fastest first; untimed ones after, with why). */
export function describeSpeeds(speeds: BackendSpeed[], chosen: BackendName): string {
  const fmt = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0));
  const timed = speeds.filter((s) => s.examplesPerSec !== null).sort((a, b) => b.examplesPerSec! - a.examplesPerSec!);
  const parts = timed.map((s) => `${BACKEND_LABELS[s.name]}: ${fmt(s.examplesPerSec!)} ex/s`);
  const failed = speeds.filter((s) => s.examplesPerSec === null).map((s) => `${BACKEND_LABELS[s.name]} ${s.note}`);
  return `Auto: ${parts.join(", ")} → ${BACKEND_LABELS[chosen]}${failed.length ? ` (${failed.join("; ")})` : ""}.`;
}
