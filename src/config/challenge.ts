// A challenge a teacher's link sets: the `goal` key, e.g. goal=acc98,params20k or goal=acc95,int4. Pure: zod only.
//
// Grammar (comma-separated terms, each at most once, `acc` required, order free; formatGoal writes this order):
//   acc<percent>     test accuracy of at least <percent> (1 ≤ percent ≤ 100, e.g. acc98, acc97.5)
//   params<count>    at most <count> parameters (count: an integer, or with k = thousand / m = million: 20k, 1.5m)
//   macs<count>      at most <count> multiply-accumulates per image (same counts: macs1m)
//   epochs<n>        trained for at most <n> epochs (1–1000)
//   int<bits>        met by a compression-lab variant with weights of at most <bits> bits (int8, int4, int2)
// A goal is checked against runs (and, with int<bits>, the lab's variants) in the page; no server keeps score.

import { z } from "zod";

/** Weight widths a goal may ask the compression lab for. */
export const GoalBits = z.union([z.literal(8), z.literal(4), z.literal(2)]);

const Count = z.number().int().positive().max(1e12);

/** A challenge: the accuracy to reach and the limits to keep. */
export const Goal = z.object({
  /** Test accuracy to reach, in percent (from 1: a smaller goal is no challenge, and its text would need an exponent). */
  accuracy: z.number().min(1).max(100),
  maxParams: Count.optional(),
  maxMacs: Count.optional(),
  maxEpochs: z.number().int().min(1).max(1000).optional(),
  /** Met only by a lab variant quantized to at most this many bits per weight. */
  weightBits: GoalBits.optional(),
});
export type Goal = z.infer<typeof Goal>;

/** Longest goal text read; a longer one is dropped. */
const MAX_GOAL_LENGTH = 100;

const COUNT_SCALE: Record<string, number> = { "": 1, k: 1e3, m: 1e6 };

/** "20k" → 20000, "1.5m" → 1500000; null when it is not a whole count. */
function readCount(digits: string, suffix: string): number | null {
  const value = Number(digits) * (COUNT_SCALE[suffix] ?? Number.NaN);
  // 1.15k is 1150 only after rounding the float product
  const rounded = Math.round(value);
  return Number.isFinite(value) && Math.abs(value - rounded) < 1e-6 ? rounded : null;
}

/** 20000 → "20k", 1500000 → "1500k", 1234 → "1234": the shortest exact text. */
function writeCount(n: number): string {
  if (n % 1e6 === 0) return `${n / 1e6}m`;
  if (n % 1e3 === 0) return `${n / 1e3}k`;
  return String(n);
}

const TERM = /^(acc|params|macs|epochs|int)(\d+(?:\.\d+)?)([km]?)$/;

/** Reads one term into `draft`; a sentence on what is wrong, or null. */
function readTerm(term: string, draft: Record<string, unknown>): string | null {
  const match = TERM.exec(term);
  if (!match) return `"${term}" is not a goal term (acc98, params20k, macs1m, epochs2, int4)`;
  const [, name, digits, suffix] = match as unknown as [string, string, string, string];
  const field = { acc: "accuracy", params: "maxParams", macs: "maxMacs", epochs: "maxEpochs", int: "weightBits" }[
    name
  ] as keyof Goal;
  if (field in draft) return `"${name}" appears twice`;
  const counted = name === "params" || name === "macs";
  if (suffix && !counted) return `"${term}" takes no k or m`;
  draft[field] = counted ? readCount(digits, suffix) : Number(digits);
  return null;
}

/** The goal of a link's `goal` value, or null with one sentence in `errors` (a bad goal is dropped whole). */
export function parseGoal(raw: string, errors: string[]): Goal | null {
  const fail = (why: string) => {
    errors.push(`Challenge "${raw.slice(0, 40)}" was ignored: ${why}.`);
    return null;
  };
  if (raw.length > MAX_GOAL_LENGTH) return fail(`it is longer than ${MAX_GOAL_LENGTH} characters`);
  const draft: Record<string, unknown> = {};
  for (const term of raw.split(",")) {
    const problem = readTerm(term.trim().toLowerCase(), draft);
    if (problem) return fail(problem);
  }
  if (!("accuracy" in draft)) return fail("it needs a test accuracy to reach, e.g. acc98");
  const checked = Goal.safeParse(draft);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return fail(`${String(issue?.path[0] ?? "a term")} is out of range`);
  }
  return checked.data;
}

/** The goal as the link writes it, e.g. "acc98,params20k" (parseGoal reads it back exactly). */
export function formatGoal(goal: Goal): string {
  const terms = [`acc${goal.accuracy}`];
  if (goal.maxParams !== undefined) terms.push(`params${writeCount(goal.maxParams)}`);
  if (goal.maxMacs !== undefined) terms.push(`macs${writeCount(goal.maxMacs)}`);
  if (goal.maxEpochs !== undefined) terms.push(`epochs${goal.maxEpochs}`);
  if (goal.weightBits !== undefined) terms.push(`int${goal.weightBits}`);
  return terms.join(",");
}

const count = (n: number) => n.toLocaleString("en-US");

/** The goal in words: "reach 98% test accuracy with at most 20,000 parameters". */
export function describeGoal(goal: Goal): string {
  const limits: string[] = [];
  if (goal.weightBits !== undefined) limits.push(`a ${goal.weightBits}-bit quantized variant (compression lab)`);
  if (goal.maxParams !== undefined) limits.push(`at most ${count(goal.maxParams)} parameters`);
  if (goal.maxMacs !== undefined) limits.push(`at most ${count(goal.maxMacs)} multiply-adds per image`);
  if (goal.maxEpochs !== undefined)
    limits.push(`at most ${goal.maxEpochs} epoch${goal.maxEpochs === 1 ? "" : "s"} of training`);
  const tail =
    limits.length === 0
      ? ""
      : ` with ${limits.length === 1 ? limits[0] : `${limits.slice(0, -1).join(", ")} and ${limits.at(-1)}`}`;
  return `reach ${goal.accuracy}% test accuracy${tail}`;
}

/** A model the page measured: a run's trained model, or one of the lab's variants of it. */
export interface GoalCandidate {
  runId: number;
  runTitle: string;
  /** Test accuracy, 0–1. */
  accuracy: number;
  params: number;
  macs: number;
  /** Epochs the run trained. */
  epochs: number;
  /** The lab variant's name and its bits per weight; null for the run's own model. */
  variant: { label: string; weightBits: number } | null;
}

/** True when `c` meets every part of `goal`; with int<bits>, only a variant quantized that far counts. */
export function meetsGoal(goal: Goal, c: GoalCandidate): boolean {
  if (c.accuracy * 100 < goal.accuracy - 1e-9) return false;
  if (goal.maxParams !== undefined && c.params > goal.maxParams) return false;
  if (goal.maxMacs !== undefined && c.macs > goal.maxMacs) return false;
  if (goal.maxEpochs !== undefined && c.epochs > goal.maxEpochs) return false;
  if (goal.weightBits !== undefined) return c.variant !== null && c.variant.weightBits <= goal.weightBits;
  return true;
}
