import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { ChartsPanel } from "../ui/charts/ChartsPanel.tsx";
import { isTourDismissed, pageStorage } from "../ui/concepts/tourStorage.ts";
import { RUN_BUTTONS_ID, skipToTraining } from "../ui/controls/RunButtons.tsx";
import { TrainingControls } from "../ui/controls/TrainingControls.tsx";
import { DatasetPicker } from "../ui/dataset/DatasetPicker.tsx";
import { AppHeader } from "../ui/header/AppHeader.tsx";
import { LayerStackEditor } from "../ui/layer-stack/LayerStackEditor.tsx";
import { LinkErrors } from "../ui/share/LinkErrors.tsx";
import { LinkChallenge } from "../ui/challenge/ChallengeBanner.tsx";
import { TrainerAlert } from "../ui/header/TrainerAlert.tsx";
import { RestoreOffer } from "../ui/header/RestoreOffer.tsx";
import { dismissRestore, restoreCheckpoint, restoreHistoryAtStart } from "./historyActions.ts";
import { ResultsPanel } from "../ui/results/ResultsPanel.tsx";
import { LiveRegion } from "../ui/LiveRegion.tsx";
import { watchAnnouncements } from "./announcements.ts";
import { dismissTrainerAlert, initApp } from "./actions.ts";
import { useAppStore } from "./store.ts";
import { dismissLinkErrors, readLinkAtStart, startUrlSync } from "./urlSync.ts";

// below the fold: loaded after the first paint
const CompressionLab = lazy(() =>
  import("../ui/compression/CompressionLab.tsx").then((m) => ({ default: m.CompressionLab })),
);
const InspectPanel = lazy(() => import("../ui/inspect/InspectPanel.tsx").then((m) => ({ default: m.InspectPanel })));
const ExperimentPanel = lazy(() =>
  import("../ui/share/ExperimentPanel.tsx").then((m) => ({ default: m.ExperimentPanel })),
);
const GuidedTour = lazy(() => import("../ui/concepts/GuidedTour.tsx").then((m) => ({ default: m.GuidedTour })));

/** Why the guided tour is open: a first visit (no focus moved) or the header button; null when closed. */
type TourOpener = "first-visit" | "button" | null;

/** The page: header, then dataset + model (left) and training, curves, results (right), the lab, share and save. */
export function App() {
  const hasStarted = useRef(false);
  const hidden = useAppStore((s) => s.classroom.hide);
  const classroomFromLink = useAppStore((s) => s.classroomFromLink);
  const linkErrors = useAppStore((s) => s.linkErrors);
  const trainerAlert = useAppStore((s) => s.trainerAlert);
  const restorable = useAppStore((s) => s.restorable);
  const [tourOpener, setTourOpener] = useState<TourOpener>(() =>
    isTourDismissed(pageStorage()) ? null : "first-visit",
  );
  useEffect(() => {
    // StrictMode mounts twice in development: start once, and keep the link in step for the page's life
    if (hasStarted.current) return;
    hasStarted.current = true;
    readLinkAtStart();
    startUrlSync();
    watchAnnouncements();
    void restoreHistoryAtStart();
    void initApp();
  }, []);
  const shows = (panel: (typeof hidden)[number]) => !hidden.includes(panel);
  return (
    <div className="app">
      {/* the first Tab stop: past the header, dataset and every layer card to the run buttons */}
      {shows("training") && (
        <a className="skip-link" href={`#${RUN_BUTTONS_ID}`} onClick={skipToTraining}>
          Skip to training
        </a>
      )}
      <LiveRegion />
      <AppHeader onTakeTour={() => setTourOpener("button")} />
      <LinkErrors errors={linkErrors} onDismiss={dismissLinkErrors} />
      <TrainerAlert message={trainerAlert} onDismiss={dismissTrainerAlert} />
      <LinkChallenge />
      <RestoreOffer description={restorable} onRestore={() => void restoreCheckpoint()} onDismiss={dismissRestore} />
      <main className="app-main">
        <div className="app-column">
          {shows("dataset") && <DatasetPicker />}
          {shows("layers") && <LayerStackEditor />}
        </div>
        <div className="app-column">
          {shows("training") && <TrainingControls />}
          {shows("charts") && <ChartsPanel />}
          {shows("results") && <ResultsPanel />}
        </div>
      </main>
      <Suspense
        fallback={
          <p className="muted" role="status">
            Loading the compression lab and the export tools…
          </p>
        }
      >
        {shows("inspect") && <InspectPanel />}
        {shows("lab") && <CompressionLab />}
        {/* a teacher ticking "hide Share" keeps the panel (and the way to untick it); a page opened so hides it */}
        {(!classroomFromLink || shows("share")) && <ExperimentPanel />}
      </Suspense>
      {tourOpener && (
        <Suspense fallback={null}>
          <GuidedTour shouldFocus={tourOpener === "button"} onClose={() => setTourOpener(null)} />
        </Suspense>
      )}
    </div>
  );
}
