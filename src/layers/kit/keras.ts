// Reading the Keras layer configs that tfjs-layers writes (`model.toJSON()`) back into layer settings. Input is
// untrusted: every function returns a message string instead of throwing.
import { z } from "zod";

export const int = z.number().int();
export const intOrPair = z.union([int, z.tuple([int, int])]);
const optionalString = z.string().max(200).nullable().optional();

/** Fields every Keras layer config may have. */
export const commonFields = {
  name: optionalString,
  trainable: z.boolean().optional(),
  dtype: z.string().max(20).optional(),
};
/** Fields of Keras's windowed convolutions (Conv2D, SeparableConv2D, DepthwiseConv2D) besides `filters`. */
export const windowFields = {
  ...commonFields,
  kernel_size: intOrPair,
  strides: intOrPair.optional(),
  padding: z.string().max(20),
  data_format: z.string().max(30).optional(),
  dilation_rate: intOrPair.optional(),
  activation: z.string().max(30).nullable().optional(),
  use_bias: z.boolean().optional(),
};
export const poolFields = {
  ...commonFields,
  pool_size: intOrPair,
  strides: intOrPair.nullable().optional(),
  padding: z.string().max(20),
  data_format: z.string().max(30).optional(),
};

/** Keras field name of each layer field, for messages. */
const KERAS_FIELD: Record<string, string> = { kernelSize: "kernel_size", stride: "strides", poolSize: "pool_size" };
const TF_ACTIVATIONS = ["relu", "elu", "tanh", "sigmoid", "linear"] as const;

/** Single value of an int-or-pair field; a non-square pair is an error. */
export function square(value: number | [number, number], field: string): number | string {
  if (typeof value === "number") return value;
  return value[0] === value[1] ? value[0] : `${field} ${value[0]}×${value[1]} is not allowed (square windows only)`;
}

function allowedRange(schema: unknown): string {
  if (schema instanceof z.ZodNumber) return `${schema.minValue ?? "-∞"}-${schema.maxValue ?? "∞"}`;
  if (schema instanceof z.ZodEnum) return (schema.options as string[]).join(", ");
  return "see the layer's settings";
}

/** Checks a candidate against the kind's own schema, naming the Keras field that is out of range. */
export function checkAgainst<S extends z.ZodObject>(
  schema: S,
  candidate: Record<string, unknown>,
): z.infer<S> | string {
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const field = String(parsed.error.issues[0].path[0] ?? "");
  const value = JSON.stringify(candidate[field]) ?? "undefined";
  return `${KERAS_FIELD[field] ?? field} ${value} is not allowed (${allowedRange(schema.shape[field])})`;
}

/** The Keras activation string as ours; only tfjs's own names pass (leaky ReLU is linear + a LeakyReLU layer). */
export function activationOf(value: string | null | undefined): string | { error: string } {
  const activation = value ?? "linear";
  if ((TF_ACTIVATIONS as readonly string[]).includes(activation)) return activation;
  return {
    error: `activation ${JSON.stringify(activation)} is not allowed (${TF_ACTIVATIONS.join(", ")}, or linear + LeakyReLU)`,
  };
}

/** Channels-last only: a message for any other data format. */
export function channelsLast(format: string | null | undefined): string | null {
  return format !== undefined && format !== null && format !== "channels_last"
    ? `data_format "${format}" is not allowed (channels_last)`
    : null;
}

/** Kernel size, stride and activation of a windowed convolution config, or the first problem. */
export function readWindow(
  c: z.infer<z.ZodObject<typeof windowFields>>,
): { kernelSize: number; stride: number; activation: string } | string {
  const format = channelsLast(c.data_format);
  if (format) return format;
  if (c.dilation_rate !== undefined && square(c.dilation_rate, "dilation_rate") !== 1) return "dilation_rate must be 1";
  if (c.use_bias === false) return "use_bias must be true";
  const kernelSize = square(c.kernel_size, "kernel_size");
  const stride = square(c.strides ?? 1, "strides");
  if (typeof kernelSize === "string") return kernelSize;
  if (typeof stride === "string") return stride;
  const activation = activationOf(c.activation);
  if (typeof activation !== "string") return activation.error;
  return { kernelSize, stride, activation };
}

/** Keras's activation argument; leaky layers get a linear kernel plus a LeakyReLU layer. */
export const kerasActivationArg = (activation: string) =>
  activation === "linear" || activation === "leakyRelu" ? "" : `, activation="${activation}"`;

/** A windowed convolution's Keras arguments after its filters: "3, strides=2, padding=\"same\", activation=\"relu\"". */
export function kerasWindowArgs(l: {
  kernelSize: number;
  stride: number;
  padding: string;
  activation: string;
}): string {
  const strides = l.stride === 1 ? "" : `, strides=${l.stride}`;
  const padding = l.padding === "same" ? `, padding="same"` : "";
  return `${l.kernelSize}${strides}${padding}${kerasActivationArg(l.activation)}`;
}
