// What max and average pooling share: settings, shape rule, memory, Keras fields and pruning (channels pass through).
import { z } from "zod";
import { Padding, poolSize, poolStride } from "./fields.ts";
import { channelsLast, checkAgainst, poolFields, square } from "./keras.ts";
import { weightless } from "./memory.ts";
import type { MemoryInput } from "./memory.ts";
import { needsImage, product, windowed, type Shape, type Step } from "./shapes.ts";

/** The settings of a pooling kind. */
export const poolSchema = <K extends string>(kind: K) =>
  z.object({ kind: z.literal(kind), poolSize, stride: poolStride, padding: Padding });

interface Pool {
  poolSize: number;
  stride: number;
  padding: Padding;
}

export function poolStep(l: Pool, input: Shape, label: string): Step {
  const notImage = needsImage(input, label);
  if (notImage) return { error: notImage };
  const out = windowed(input, l.poolSize, l.stride, l.padding, "pool", input[2]);
  return typeof out === "string" ? { error: out } : { outputShape: out, params: 0, macs: 0 };
}

/** Pools save their input and output; above the first weighted layer they get no gradient. */
export function poolMemory(m: MemoryInput) {
  const I = product(m.input);
  return weightless(m, I + product(m.output) + (m.grad ? I : product(m.output)), m.grad ? I : 0);
}

export const poolKerasConfig = z.object(poolFields);

export function readPool<S extends z.ZodObject>(
  schema: S,
  kind: string,
  c: z.infer<typeof poolKerasConfig>,
): z.infer<S> | string {
  const format = channelsLast(c.data_format);
  if (format) return format;
  const size = square(c.pool_size, "pool_size");
  const stride = square(c.strides ?? c.pool_size, "strides");
  if (typeof size === "string") return size;
  if (typeof stride === "string") return stride;
  return checkAgainst(schema, { kind, poolSize: size, stride, padding: c.padding });
}

export function kerasPool(className: string, l: Pool): string {
  const strides = l.stride === l.poolSize ? "" : `, strides=${l.stride}`;
  const padding = l.padding === "same" ? `, padding="same"` : "";
  return `layers.${className}(${l.poolSize}${strides}${padding})`;
}

/** `window, stride` arguments of a PyTorch pool. */
export const torchPoolWindow = (l: Pool) => `${l.poolSize}, stride=${l.stride}`;
