// Test fixture: the committed trained-Tiny model (tests/fixtures/tiny-mnist, written by tests/fixtures/tinyModel.build.ts).
import { readFileSync } from "node:fs";
import type * as tf from "@tensorflow/tfjs";
import type { ExperimentConfig } from "../../src/config/schema.ts";
import { DEFAULT_CONFIG } from "../../src/config/presets.ts";
import { importModelFiles } from "../../src/core/export/modelArtifactsImport.ts";

const FIXTURE = new URL("../fixtures/tiny-mnist/", import.meta.url);

/** The trained Tiny as a tfjs model on the current backend, with a config whose layers are its own. */
export async function loadTinyFixture(): Promise<{ model: tf.Sequential; config: ExperimentConfig }> {
  const files = new Map([["weights.bin", new Uint8Array(readFileSync(new URL("weights.bin", FIXTURE)))]]);
  const imported = await importModelFiles(readFileSync(new URL("model.json", FIXTURE), "utf8"), files);
  if (!imported.ok) throw new Error(imported.error);
  return { model: imported.model, config: { ...DEFAULT_CONFIG, layers: imported.layers } };
}
