import { useEffect, useRef } from "react";
import { ChartsPanel } from "../ui/charts/ChartsPanel.tsx";
import { CompressionLab } from "../ui/compression/CompressionLab.tsx";
import { TrainingControls } from "../ui/controls/TrainingControls.tsx";
import { DatasetPicker } from "../ui/dataset/DatasetPicker.tsx";
import { AppHeader } from "../ui/header/AppHeader.tsx";
import { LayerStackEditor } from "../ui/layer-stack/LayerStackEditor.tsx";
import { ResultsPanel } from "../ui/results/ResultsPanel.tsx";
import { initApp } from "./actions.ts";

/** The page: header, then dataset + model (left) and training, curves, results (right), then the compression lab. */
export function App() {
  const hasStarted = useRef(false);
  useEffect(() => {
    // StrictMode mounts twice in development: start the trainer once
    if (hasStarted.current) return;
    hasStarted.current = true;
    void initApp();
  }, []);
  return (
    <div className="app">
      <AppHeader />
      <main className="app-main">
        <div className="app-column">
          <DatasetPicker />
          <LayerStackEditor />
        </div>
        <div className="app-column">
          <TrainingControls />
          <ChartsPanel />
          <ResultsPanel />
        </div>
      </main>
      <CompressionLab />
    </div>
  );
}
