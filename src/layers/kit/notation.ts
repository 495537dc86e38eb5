// How a layer is written in the link's layer list (e.g. "c32k3s2p.tanh"): the codec each kind declares, and the
// pieces several kinds share. Numbers are JavaScript's shortest round-trip text, so a written layer reads back exactly.

/** Shortest text that reads back as the same number ("0.3", "1e-7"; negative zero stays "-0"). */
export function formatNumber(n: number): string {
  return Object.is(n, -0) ? "-0" : String(n);
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

/** The finite number a text spells, else the text itself, which the schema then rejects by type. */
export function readNumber(text: string): number | string {
  if (!NUMBER.test(text)) return text;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/** How one layer kind is written: its code letters, the pattern of the rest, and both directions. */
export interface LayerCodec<L> {
  /** Lower-case letters that start the token and name the kind, e.g. "c" or "dw". */
  code: string;
  /** A token of this kind using every option, shown when a token does not parse. */
  example: string;
  /** The rest of the token after the code; its groups go to `read`. */
  pattern: RegExp;
  /** Unchecked fields from the pattern's groups: the schema judges them. */
  read: (groups: (string | undefined)[]) => Record<string, unknown>;
  write: (layer: L) => string;
}

// Whole-number fields; fractions and negatives get through so that the schema can name the problem.
export const INT = String.raw`(-?\d+(?:\.\d+)?)`;
/** Optional ".activation" suffix. */
export const ACT = String.raw`(?:\.([A-Za-z]+))?`;
export const num = (text: string | undefined) => readNumber(text ?? "");
/** The activation suffix: nothing for the default relu. */
export const act = (activation: string) => (activation === "relu" ? "" : `.${activation}`);
/** "p" for same padding, nothing for the default valid. */
export const pad = (padding: string) => (padding === "same" ? "p" : "");
export const readPadding = (flag: string | undefined) => (flag === "p" ? "same" : "valid");

/** A kind without settings, written as its code alone. */
export function bareCodec<L>(code: string): LayerCodec<L> {
  return { code, example: code, pattern: /^$/, read: () => ({}), write: () => code };
}

/** Pooling: <code><pool>[s<stride> (= pool)][p]. */
export function poolCodec<L extends { poolSize: number; stride: number; padding: string }>(
  code: string,
): LayerCodec<L> {
  return {
    code,
    example: `${code}3s2p`,
    pattern: new RegExp(`^${INT}(?:s${INT})?([pv])?$`),
    read: ([poolSize, stride, padding]) => ({
      poolSize: num(poolSize),
      stride: num(stride ?? poolSize),
      padding: readPadding(padding),
    }),
    write: (l) => `${code}${l.poolSize}${l.stride === l.poolSize ? "" : `s${l.stride}`}${pad(l.padding)}`,
  };
}

/** A convolution with filters: <code><filters>k<kernel>[s<stride> (1)][p][.<activation> (relu)], e.g. c32k3s2p.tanh. */
export function filterConvCodec<
  L extends { filters: number; kernelSize: number; stride: number; padding: string; activation: string },
>(code: string): LayerCodec<L> {
  return {
    code,
    example: `${code}32k3s2p.tanh`,
    pattern: new RegExp(`^${INT}k${INT}(?:s${INT})?([pv])?${ACT}$`),
    read: ([filters, size, stride, padding, activation]) => ({
      filters: num(filters),
      kernelSize: num(size),
      stride: stride === undefined ? 1 : num(stride),
      padding: readPadding(padding),
      activation: activation ?? "relu",
    }),
    write: (l) =>
      `${code}${l.filters}k${l.kernelSize}${l.stride === 1 ? "" : `s${l.stride}`}${pad(l.padding)}${act(l.activation)}`,
  };
}
