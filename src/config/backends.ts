// The tfjs backends a person can choose: one list of ids for the URL, the page and the worker. Pure: zod only.
import { z } from "zod";

const BACKEND_NAMES = ["webgpu", "webgl", "wasm", "cpu"] as const;

/** tfjs backends the app can run on. */
export const BackendName = z.enum(BACKEND_NAMES);
export type BackendName = z.infer<typeof BackendName>;

/** "auto" ranks the backends that start; otherwise the person's choice. */
export const BackendPreference = z.enum(["auto", ...BACKEND_NAMES]);
export type BackendPreference = z.infer<typeof BackendPreference>;
