// Limits of model files, apart from modelArtifacts*.ts so that the page can check sizes without loading tfjs.
import { LIMITS } from "../../config/schema.ts";

/** Largest model.json accepted, in characters. */
export const MAX_MODEL_JSON_CHARS = 1_000_000;
/** Largest weights file accepted: every parameter the limits allow, as float32. */
export const MAX_WEIGHTS_BYTES = 4 * LIMITS.maxParams;
/** File name of the weights in the model.json that toModelFiles writes. */
export const WEIGHTS_FILE = "weights.bin";
