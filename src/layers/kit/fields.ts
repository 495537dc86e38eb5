// Field schemas that several layer kinds share, and the limits on their sizes. Pure: zod only.
import { z } from "zod";

/** Largest filter and unit counts of one layer; the model-wide limits live in src/config/schema.ts. */
export const LAYER_LIMITS = { maxFilters: 256, maxUnits: 1024 } as const;

export const Activation = z.enum(["relu", "leakyRelu", "elu", "tanh", "sigmoid", "linear"]);
export type Activation = z.infer<typeof Activation>;

export const Padding = z.enum(["same", "valid"]);
export type Padding = z.infer<typeof Padding>;

export const numFilters = z.number().int().min(1).max(LAYER_LIMITS.maxFilters);
export const kernelSize = z.number().int().min(1).max(7);
export const convStride = z.number().int().min(1).max(3);
export const poolSize = z.number().int().min(2).max(4);
export const poolStride = z.number().int().min(1).max(4);

/** Alpha of the LeakyReLU layer that a "leakyRelu" activation adds (tfjs has no leaky activation string). */
export const LEAKY_RELU_ALPHA = 0.2;
