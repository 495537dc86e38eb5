// Installed in the real app page before any of its scripts (page.addInitScript): long tasks and UI milestones.
// Runs in the browser; it must not reference anything outside its own body.

/** What the probes record, in performance.now() ms since navigation start. */
export interface PageProbes {
  longTasks: Array<{ start: number; duration: number }>;
  marks: {
    /** The dataset's progress bar first shown (the trainer's backend is starting or the download began). */
    datasetLoading?: number;
    /** The progress label first shows more than 0%. */
    datasetFirstBytes?: number;
    /** "N training images · M test images" shown. */
    datasetReady?: number;
    /** The Train button first enabled. */
    trainEnabled?: number;
    /** The backend badge first names a backend. */
    backendShown?: number;
  };
  backendText?: string;
  longTaskSupported: boolean;
}

declare global {
  interface Window {
    __benchProbes?: PageProbes;
  }
}

/** Records long tasks (buffered) and the first time each UI milestone is seen (MutationObserver). */
export function installProbes(): void {
  const probes: PageProbes = { longTasks: [], marks: {}, longTaskSupported: false };
  window.__benchProbes = probes;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probes.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
    probes.longTaskSupported = true;
  } catch {
    probes.longTaskSupported = false;
  }
  const mark = (name: keyof PageProbes["marks"], seen: boolean) => {
    if (seen && probes.marks[name] === undefined) probes.marks[name] = performance.now();
  };
  const check = () => {
    const label = document.querySelector("label[for='dataset-progress']")?.textContent ?? "";
    mark("datasetLoading", document.getElementById("dataset-progress") !== null);
    mark("datasetFirstBytes", /[1-9]\d*%/.test(label));
    mark(
      "datasetReady",
      [...document.querySelectorAll("p")].some((p) => /training images/.test(p.textContent ?? "")),
    );
    mark(
      "trainEnabled",
      [...document.querySelectorAll("button")].some((b) => b.textContent?.trim() === "Train" && !b.disabled),
    );
    const badge = document.querySelector(".backend-badge:not(.backend-badge--pending)");
    if (badge && probes.backendText === undefined) probes.backendText = badge.textContent ?? "";
    mark("backendShown", badge !== null);
    return Object.keys(probes.marks).length === 5;
  };
  const observer = new MutationObserver(() => {
    if (check()) observer.disconnect();
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}
