/**
 * How hard the unit tests look: the case count of every property test (fast-check's numRuns) and whether the
 * deep-only tests run. `npm test` runs FUZZ_RUNS = 1,000 cases per property; `npm run test:deep` sets
 * FUZZ_RUNS=10000 and TEST_DEEP=1. Test files read both from here, never from the environment themselves.
 */

/** Cases per property test when FUZZ_RUNS is not set. */
export const DEFAULT_FUZZ_RUNS = 1_000;

/** A whole number of runs from the environment's text: unset or empty gives the default; anything else that is not a positive integer is refused. */
export function parseFuzzRuns(text: string | undefined): number {
  if (text === undefined || text.trim() === "") return DEFAULT_FUZZ_RUNS;
  const runs = Number(text);
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new Error(`FUZZ_RUNS must be a positive whole number, not ${JSON.stringify(text)}`);
  return runs;
}

/** Cases per property test in this run. */
export const FUZZ_RUNS = parseFuzzRuns(process.env.FUZZ_RUNS);

/**
 * The case count for one property test: FUZZ_RUNS times `share` (at least 1). A property whose cases are costly
 * (a full model import each) runs a share of the count, so that every property grows with FUZZ_RUNS.
 */
export function fuzzRuns(share = 1): number {
  return Math.max(1, Math.round(FUZZ_RUNS * share));
}

/** A count for test names: "1,000". */
export const countText = (n: number) => n.toLocaleString("en-US");

/** Whether the deep-only tests run (TEST_DEEP=1: `npm run test:deep`): slow or machine-dependent checks kept out of `npm test`. */
export const DEEP = process.env.TEST_DEEP === "1";
