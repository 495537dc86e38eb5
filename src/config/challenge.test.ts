import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { countText, fuzzRuns } from "../../tests/helpers/fuzz.ts";
import { Goal, describeGoal, formatGoal, meetsGoal, parseGoal, type GoalCandidate } from "./challenge.ts";

const read = (raw: string) => {
  const errors: string[] = [];
  return { goal: parseGoal(raw, errors), errors };
};

describe("parseGoal and formatGoal", () => {
  it("reads the documented terms, with k and m counts", () => {
    expect(read("acc98,params20k")).toEqual({ goal: { accuracy: 98, maxParams: 20_000 }, errors: [] });
    expect(read("int4,acc95").goal).toEqual({ accuracy: 95, weightBits: 4 });
    expect(read("acc97.5,macs1.5m,epochs2").goal).toEqual({ accuracy: 97.5, maxMacs: 1_500_000, maxEpochs: 2 });
    expect(read("ACC90, Params1234").goal).toEqual({ accuracy: 90, maxParams: 1234 });
  });

  it("writes the canonical text, which reads back exactly", () => {
    expect(formatGoal({ accuracy: 98, maxParams: 20_000 })).toBe("acc98,params20k");
    expect(formatGoal({ accuracy: 95, weightBits: 4, maxMacs: 2_000_000, maxEpochs: 3, maxParams: 1234 })).toBe(
      "acc95,params1234,macs2m,epochs3,int4",
    );
    expect(read(formatGoal({ accuracy: 99.5, maxParams: 20_500 })).goal).toEqual({ accuracy: 99.5, maxParams: 20_500 });
  });

  it.each([
    ["params20k", "it needs a test accuracy"],
    ["acc98,acc97", `"acc" appears twice`],
    ["acc98,foo", `"foo" is not a goal term`],
    ["acc101", "accuracy is out of range"],
    ["acc0.5", "accuracy is out of range"],
    ["acc98,int3", "weightBits is out of range"],
    ["acc98,params1.2345k", "maxParams is out of range"],
    ["acc98k", `"acc98k" takes no k or m`],
    ["acc98,", `"" is not a goal term`],
    ["acc9".padEnd(120, "9"), "longer than 100"],
  ])("drops %s whole, with a message", (raw, why) => {
    const { goal, errors } = read(raw);
    expect(goal).toBeNull();
    expect(errors).toEqual([expect.stringContaining(why)]);
    expect(errors[0]).toMatch(/^Challenge ".*" was ignored: /);
  });

  it(`never throws, and what it reads formats and reads back (${countText(fuzzRuns())} strings)`, () => {
    const terms = fc.constantFrom("acc", "params", "macs", "epochs", "int", "k", "m", ",", ".", "9", "0", "1", "5");
    const raw = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(terms, { maxLength: 20 }).map((t) => t.join("")),
    );
    fc.assert(
      fc.property(raw, (text) => {
        const { goal, errors } = read(text);
        if (goal === null) return errors.length === 1;
        expect(Goal.safeParse(goal).success).toBe(true);
        expect(read(formatGoal(goal))).toEqual({ goal, errors: [] });
        return errors.length === 0;
      }),
      { numRuns: fuzzRuns() },
    );
  });
});

describe("describeGoal", () => {
  it("says the goal in words", () => {
    expect(describeGoal({ accuracy: 98, maxParams: 20_000 })).toBe(
      "reach 98% test accuracy with at most 20,000 parameters",
    );
    expect(describeGoal({ accuracy: 95, weightBits: 4 })).toBe(
      "reach 95% test accuracy with a 4-bit quantized variant (compression lab)",
    );
    expect(describeGoal({ accuracy: 90, maxMacs: 1e6, maxEpochs: 1, maxParams: 5000 })).toBe(
      "reach 90% test accuracy with at most 5,000 parameters, at most 1,000,000 multiply-adds per image and at most 1 epoch of training",
    );
  });
});

describe("meetsGoal", () => {
  const run: GoalCandidate = {
    runId: 1,
    runTitle: "Tiny",
    accuracy: 0.981,
    params: 19_000,
    macs: 500_000,
    epochs: 2,
    variant: null,
  };
  it("checks accuracy and every limit", () => {
    expect(meetsGoal({ accuracy: 98, maxParams: 20_000 }, run)).toBe(true);
    expect(meetsGoal({ accuracy: 98.2 }, run)).toBe(false);
    expect(meetsGoal({ accuracy: 98, maxParams: 18_000 }, run)).toBe(false);
    expect(meetsGoal({ accuracy: 98, maxMacs: 400_000 }, run)).toBe(false);
    expect(meetsGoal({ accuracy: 98, maxEpochs: 1 }, run)).toBe(false);
    expect(meetsGoal({ accuracy: 98.1 }, { ...run, accuracy: 0.981 })).toBe(true);
  });
  it("counts only a lab variant quantized far enough for an int goal", () => {
    expect(meetsGoal({ accuracy: 95, weightBits: 4 }, run)).toBe(false);
    const int8 = { ...run, variant: { label: "int8 per-channel", weightBits: 8 } };
    expect(meetsGoal({ accuracy: 95, weightBits: 4 }, int8)).toBe(false);
    expect(meetsGoal({ accuracy: 95, weightBits: 4 }, { ...int8, variant: { label: "int4", weightBits: 4 } })).toBe(
      true,
    );
    expect(meetsGoal({ accuracy: 95, weightBits: 4 }, { ...int8, variant: { label: "int2", weightBits: 2 } })).toBe(
      true,
    );
  });
});
