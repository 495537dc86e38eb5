import { describe, expect, it } from "vitest";
import {
  ACTIVE_PHASES,
  StoppedWhilePreparingError,
  TrainingRun,
  canMove,
  refusal,
  type PreparingStep,
  type RunCommand,
  type RunPhase,
} from "./trainingRun.ts";

const PHASES: RunPhase[] = ["idle", "preparing", "training", "paused", "stopping", "evaluating", "done", "failed"];
const COMMANDS: RunCommand[] = ["train", "pause", "resume", "stop", "reset", "compress", "inspect"];
const STEPS: PreparingStep[] = [
  "starting the trainer",
  "loading the dataset",
  "letting the lab finish",
  "timing the backends",
  "building the model",
  "starting the training workers",
];

/** A run and the phases it reported. */
function recorded() {
  const seen: string[] = [];
  const run = new TrainingRun((phase, step) => seen.push(step && phase === "preparing" ? `${phase}:${step}` : phase));
  return { run, seen };
}

describe("TrainingRun", () => {
  it("answers every command in every phase: legal (null) or refused with a sentence", () => {
    const legal = Object.fromEntries(
      PHASES.map((phase) => [phase, COMMANDS.filter((c) => refusal(phase, c) === null)]),
    );
    expect(legal).toEqual({
      idle: ["train", "reset", "compress", "inspect"],
      preparing: ["stop"],
      training: ["pause", "stop"],
      paused: ["resume", "stop"],
      stopping: [],
      evaluating: [],
      done: ["train", "reset", "compress", "inspect"],
      failed: ["train", "reset", "compress", "inspect"],
    });
    for (const phase of PHASES)
      for (const command of COMMANDS) {
        const why = refusal(phase, command);
        if (why !== null) expect(why).toMatch(/^[A-Z].*\.$/);
      }
    expect(refusal("preparing", "pause")).toMatch(/Stop ends the run now/);
  });

  it("goes idle → preparing (each step) → training ⇄ paused → evaluating → done", async () => {
    const { run, seen } = recorded();
    for (const step of STEPS) await run.prepare(step, () => step);
    run.startTraining();
    expect(run.command("pause")).toBeNull();
    expect(run.command("pause")).toBe("The run is already paused.");
    expect(run.command("resume")).toBeNull();
    run.startEvaluating();
    expect(run.command("stop")).toMatch(/being evaluated/);
    run.finish();
    expect(seen).toEqual([
      ...STEPS.map((s) => `preparing:${s}`),
      "training",
      "paused",
      "training",
      "evaluating",
      "done",
    ]);
    expect(run.control.signal.aborted).toBe(false);
  });

  it("pause blocks the loop's control until resume; stop while paused releases it", async () => {
    const { run } = recorded();
    await run.prepare("building the model", () => {});
    run.startTraining();
    run.command("pause");
    let released = false;
    const waiting = run.control.waitWhilePaused().then(() => {
      released = true;
    });
    await Promise.resolve();
    expect(released).toBe(false);
    expect(run.command("stop")).toBeNull();
    await waiting;
    expect(run.phase).toBe("stopping");
    expect(run.control.signal.aborted).toBe(true);
    run.startEvaluating();
    run.finish();
    expect(run.phase).toBe("done");
  });

  it.each(STEPS)("Stop during '%s' lets that step finish, skips the rest and never trains", async (stopAt) => {
    const { run, seen } = recorded();
    const ran: PreparingStep[] = [];
    let error: unknown = null;
    try {
      for (const step of STEPS) {
        await run.prepare(step, async () => {
          ran.push(step);
          if (step === stopAt) expect(run.command("stop")).toBeNull();
          await Promise.resolve();
        });
      }
      run.startTraining();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoppedWhilePreparingError);
    expect((error as StoppedWhilePreparingError).step).toBe(stopAt);
    expect(ran).toEqual(STEPS.slice(0, STEPS.indexOf(stopAt) + 1));
    expect(run.phase).toBe("stopping");
    expect(run.command("stop")).toBe("The run is already stopping.");
    run.finish();
    expect(seen.at(-2)).toBe("stopping");
    expect(seen.at(-1)).toBe("done");
    expect(seen).not.toContain("training");
  });

  it("held at a step (the test hook), it refuses Pause and ends at Stop without running that step", async () => {
    const seen: string[] = [];
    const run = new TrainingRun((phase, step) => seen.push(`${phase}:${step}`), "timing the backends");
    let timed = false;
    await run.prepare("loading the dataset", () => {});
    const held = run.prepare("timing the backends", () => {
      timed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 0)); // after prepare's own yield (timers run in order)
    expect(run.step).toBe("timing the backends");
    expect(run.command("pause")).toMatch(/Pause works once training has started/);
    expect(run.command("stop")).toBeNull();
    await expect(held).rejects.toBeInstanceOf(StoppedWhilePreparingError);
    expect(timed).toBe(false);
    run.finish();
    expect(seen.at(-1)).toBe("done:null");
  });

  it("a Stop that arrives as Train's steps begin is read before the next step's work, even when every step would finish at once", async () => {
    const run = new TrainingRun();
    await run.prepare("starting the trainer", () => {});
    let loaded = false;
    const next = run.prepare("loading the dataset", () => {
      loaded = true;
    });
    expect(run.command("stop")).toBeNull(); // a message handled while the run yields to the event loop between steps
    await expect(next).rejects.toBeInstanceOf(StoppedWhilePreparingError);
    expect(loaded).toBe(false);
  });

  it("Stop between the last step and the first batch reaches the loop through the aborted signal", async () => {
    const { run } = recorded();
    await run.prepare("building the model", () => {});
    run.startTraining();
    expect(run.command("stop")).toBeNull();
    expect(run.control.signal.aborted).toBe(true);
    expect(await run.control.waitWhilePaused()).toBe(0);
  });

  it("fails from any active phase, once, and refuses moves the diagram has no arrow for", async () => {
    for (const phase of ACTIVE_PHASES) expect(canMove(phase, "failed")).toBe(true);
    const { run, seen } = recorded();
    await run.prepare("loading the dataset", () => {});
    run.fail();
    run.fail();
    expect(seen).toEqual(["preparing:loading the dataset", "failed"]);
    expect(() => run.startEvaluating()).toThrow(/cannot go from failed to evaluating/);
    expect(canMove("idle", "training")).toBe(false);
    expect(canMove("evaluating", "paused")).toBe(false);
  });
});
