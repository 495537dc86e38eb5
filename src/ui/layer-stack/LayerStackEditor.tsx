import { useId, useRef, useState } from "react";
import { useDatasetInfo } from "../../app/customImages/useDatasetInfo.ts";
import { stopTraining } from "../../app/actions.ts";
import { choosePreset, isArchitectureLocked, isRunActive, setLayers, useAppStore } from "../../app/store.ts";
import { useModelStats } from "../../app/useModelStats.ts";
import { announce } from "../../app/announcements.ts";
import { LAYER_INFO } from "../../config/layerInfo.ts";
import { PRESETS, PRESET_IDS, type PresetId } from "../../config/presets.ts";
import { LIMITS, type LayerConfig, type LayerKind } from "../../config/schema.ts";
import { DiagramPanel } from "../diagram/DiagramPanel.tsx";
import { SelectField } from "../form/SelectField.tsx";
import { AddLayerMenu } from "./AddLayerMenu.tsx";
import { HeadCard } from "./HeadCard.tsx";
import { LayerCard } from "./LayerCard.tsx";
import { applyCommand, insertLayer, matchPreset, moveLayer, type LayerCommand } from "./layerOps.ts";
import { ModelTotals } from "./ModelTotals.tsx";
import { useCardFocus } from "./useCardFocus.ts";

const CUSTOM = "custom";

/** Model panel: preset picker, the editable layer cards, the implied head and the model's totals. */
export function LayerStackEditor() {
  const layers = useAppStore((s) => s.config.layers);
  const datasetId = useAppStore((s) => s.config.datasetId);
  const info = useDatasetInfo(datasetId);
  const isRunning = useAppStore(isRunActive);
  const isLocked = useAppStore(isArchitectureLocked);
  const stats = useModelStats(layers, datasetId);
  const listRef = useRef<HTMLOListElement>(null);
  const focusCardAfterRender = useCardFocus(listRef);
  const hintId = useId();
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dropTarget, setDropTarget] = useState<number | null>(null);

  const presetId = matchPreset(layers);
  const presetOptions = [
    ...PRESET_IDS.map((id) => ({ value: id, label: PRESETS[id].label })),
    ...(presetId ? [] : [{ value: CUSTOM, label: "Custom", disabled: true }]),
  ];
  const error = stats.error;
  const headIndex = layers.length;
  const canAdd = layers.length < LIMITS.maxLayers;
  const isComplete = !error || error.layerIndex === -1;

  function runCommand(index: number, command: LayerCommand) {
    const result = applyCommand(layers, index, command);
    focusCardAfterRender(result.focusIndex);
    setLayers(result.layers);
    if (command === "up" || command === "down") announceMove(index, result.focusIndex);
  }

  // focus follows the card, but a screen reader says only the card's name: the new position is said here
  function announceMove(from: number, to: number) {
    if (from === to) return;
    announce("move", `Moved ${LAYER_INFO[layers[from].kind].label} to position ${to + 1} of ${layers.length}`);
  }

  function replaceLayer(index: number, layer: LayerConfig) {
    setLayers(layers.map((old, i) => (i === index ? layer : old)));
  }

  function addLayer(kind: LayerKind, afterIndex: number | null) {
    const result = insertLayer(layers, kind, afterIndex);
    focusCardAfterRender(result.focusIndex);
    setLayers(result.layers);
  }

  function endDrag() {
    setDragFrom(null);
    setDropTarget(null);
  }

  return (
    <section className="panel layer-stack">
      <h2>Model</h2>
      {!isRunning && isLocked && (
        <p className="banner" role="status">
          The architecture is locked by this link: train it, and change the training settings.
        </p>
      )}
      {isRunning && (
        <div className="banner" role="status">
          <span>Training is running: stop it to edit the model.</span>
          <button type="button" className="button" onClick={stopTraining}>
            Stop training to edit
          </button>
        </div>
      )}
      <DiagramPanel
        layers={layers}
        stats={stats}
        inputShape={info.inputShape}
        numClasses={info.numClasses}
        onSelectLayer={(index) => (listRef.current?.children[index] as HTMLElement | undefined)?.focus()}
      />
      {/* each editing control is disabled on its own: a disabled fieldset would disable the concept notes too */}
      <fieldset className="layer-stack__fieldset">
        <legend className="visually-hidden">Layers</legend>
        <SelectField
          label="Preset"
          value={presetId ?? CUSTOM}
          options={presetOptions}
          disabled={isLocked}
          onChange={(value) => choosePreset(value as PresetId)}
        />
        {presetId && <p className="muted">{PRESETS[presetId].description}</p>}
        <p id={hintId} className="muted small">
          Drag a card by its handle, or focus it and press Alt+↑ / Alt+↓ to move it.
        </p>
        <ol ref={listRef} className="layer-list">
          {layers.map((layer, index) => (
            <LayerCard
              // cards have no ids: index keys, with focus restored by useCardFocus after moves
              key={index}
              index={index}
              count={layers.length}
              layer={layer}
              stats={stats.layers[index]}
              error={error?.layerIndex === index ? error.message : null}
              isLocked={isLocked}
              canDuplicate={canAdd}
              isDropTarget={dragFrom !== null && dropTarget === index && dragFrom !== index}
              hintId={hintId}
              onChange={(next) => replaceLayer(index, next)}
              onCommand={(command) => runCommand(index, command)}
              onDragStart={() => setDragFrom(index)}
              onDragOver={() => {
                if (dropTarget !== index) setDropTarget(index);
              }}
              onDrop={() => {
                if (dragFrom !== null && dragFrom !== index) {
                  focusCardAfterRender(index);
                  setLayers(moveLayer(layers, dragFrom, index));
                  announceMove(dragFrom, index);
                }
                endDrag();
              }}
              onDragEnd={endDrag}
            />
          ))}
        </ol>
        <AddLayerMenu disabled={isLocked || !canAdd} onAdd={addLayer} />
        <HeadCard
          numClasses={info.numClasses}
          stats={stats.layers[headIndex]}
          error={error?.layerIndex === headIndex ? error.message : null}
        />
        {error?.layerIndex === -1 && (
          <p className="alert" role="alert">
            {error.message}
          </p>
        )}
        <ModelTotals
          totals={
            isComplete
              ? { params: stats.totalParams, macs: stats.totalMacs, activationBytes: stats.totalActivationBytes }
              : null
          }
        />
      </fieldset>
    </section>
  );
}
