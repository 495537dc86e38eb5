import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { nextRunFocus, RunButtons, RUN_BUTTONS_ID, type RunButtonsEnabled } from "./RunButtons.tsx";
import { downloadText, epochText, RunProgress, type DownloadWhileTraining } from "./RunProgress.tsx";
import type { TrainProgress } from "../../core/train/metrics.ts";

const none: RunButtonsEnabled = { train: false, pause: false, stop: false, reset: false };
const idle: RunButtonsEnabled = { train: true, pause: false, stop: false, reset: true };
const preparing: RunButtonsEnabled = { ...none, stop: true };
const training: RunButtonsEnabled = { ...none, pause: true, stop: true };

describe("nextRunFocus: focus follows the run instead of falling to the page body", () => {
  it("moves from Train to Stop when Train is pressed and the run prepares (Pause comes later), to Pause when it trains", () => {
    expect(nextRunFocus("train", preparing)).toBe("stop");
    expect(nextRunFocus("train", training)).toBe("pause");
  });

  it("leaves focus alone while its button is still enabled, and when it is not on a run button", () => {
    expect(nextRunFocus("stop", training)).toBeNull();
    expect(nextRunFocus("pause", training)).toBeNull(); // Pause ⇄ Resume is one button
    expect(nextRunFocus("train", idle)).toBeNull();
    expect(nextRunFocus(null, idle)).toBeNull();
  });

  it("waits on the group while every button is disabled (stopping, evaluating), then returns to Train when the run ends", () => {
    expect(nextRunFocus("stop", none)).toBe("group");
    expect(nextRunFocus("group", none)).toBeNull();
    expect(nextRunFocus("group", idle)).toBe("train");
  });

  it("returns to Train from Pause or Stop when a run ends by itself", () => {
    expect(nextRunFocus("pause", idle)).toBe("train");
    expect(nextRunFocus("stop", idle)).toBe("train");
  });
});

const noop = () => {};
const buttons = (status: Parameters<typeof RunButtons>[0]["status"], blocked: string | null = null) =>
  renderToStaticMarkup(
    createElement(RunButtons, {
      status,
      trainBlockedReason: blocked,
      onTrain: noop,
      onPause: noop,
      onResume: noop,
      onStop: noop,
      onReset: noop,
    }),
  );

describe("RunButtons markup", () => {
  it("is a focusable group with the skip link's id, each button marked for focus handling", () => {
    const html = buttons("idle");
    expect(html).toContain(`id="${RUN_BUTTONS_ID}"`);
    expect(html).toContain('role="group"');
    expect(html).toContain('tabindex="-1"');
    for (const run of ["train", "pause", "stop", "reset"]) expect(html).toContain(`data-run="${run}"`);
  });

  it("keeps Resume on Pause's focus marker, so focus stays when the run pauses", () => {
    expect(buttons("paused")).toMatch(/data-run="pause"[^>]*>Resume</);
  });
});

const progress = (epochIndex: number, epochs: number): TrainProgress => ({
  epochIndex,
  epochs,
  batchIndex: 10,
  batchesPerEpoch: 100,
  examplesSeen: 640,
  totalExamples: 6400,
  examplesPerSec: 1000,
  elapsedMs: 1000,
  etaMs: 1000,
});

describe("RunProgress: the epoch of the whole run record when a run continues", () => {
  it("says 'Epoch 1 of 1' for a first Train", () => {
    expect(epochText(progress(0, 1))).toBe("Epoch 1 of 1");
    expect(epochText(progress(0, 1), 0)).toBe("Epoch 1 of 1");
    expect(epochText(progress(2, 3), 2)).toBe("Epoch 3 of 3");
  });

  it("counts the epochs trained before a continued Train", () => {
    expect(epochText(progress(0, 1), 1)).toBe("Epoch 2 (1 of 1 in this run)");
    expect(epochText(progress(1, 3), 4)).toBe("Epoch 5 (2 of 3 in this run)");
  });

  it("renders it from the runEpochIndex prop (TrainingControls passes the newest batch's epochIndex)", () => {
    const html = renderToStaticMarkup(
      createElement(RunProgress, {
        status: "training",
        preparingStep: null,
        progress: progress(0, 1),
        runEpochIndex: 1,
        notice: null,
      }),
    );
    expect(html).toContain("Epoch 2 (1 of 1 in this run)");
    expect(html).not.toContain("Epoch 1 of 1");
  });
});

describe("RunProgress while the dataset still downloads (a first visit)", () => {
  const render = (status: "training" | "evaluating", download: DownloadWhileTraining | null) =>
    renderToStaticMarkup(
      createElement(RunProgress, { status, preparingStep: null, progress: progress(0, 1), notice: null, download }),
    );

  it("says training runs on the images in so far, of how many, and how far the download is", () => {
    expect(downloadText({ arrived: 10_000, total: 60_000, fraction: 0.624 })).toBe(
      "Training on the first 10,000 of 60,000 images while the rest downloads (62%)",
    );
    expect(downloadText({ arrived: 60_000, total: 60_000, fraction: 0.996 })).toBe(
      "All 60,000 training images are in; the test images are downloading (99%)",
    );
    expect(render("training", { arrived: 24_000, total: 60_000, fraction: 0.4 })).toContain(
      "Training on the first 24,000 of 60,000 images while the rest downloads (40%)",
    );
  });

  it("says nothing of it once the files are in, or when no run trains", () => {
    expect(render("training", null)).not.toContain("downloads");
    expect(render("evaluating", { arrived: 24_000, total: 60_000, fraction: 0.4 })).not.toContain("downloads");
  });
});
