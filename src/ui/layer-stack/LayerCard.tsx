import type { DragEvent, KeyboardEvent, Ref } from "react";
import { LAYER_INFO } from "../../config/layerInfo.ts";
import { LAYER_SPECS } from "../../layers/registry.ts";
import { LayerGlyph } from "./LayerGlyph.tsx";
import type { LayerConfig } from "../../config/schema.ts";
import type { LayerStats } from "../../core/model/inferShapes.ts";
import { LAYER_CONCEPTS } from "../concepts/conceptIds.ts";
import { ConceptNote } from "../concepts/ConceptNote.tsx";
import { Icon } from "../Icon.tsx";
import { LayerFields } from "./LayerFields.tsx";
import type { LayerCommand } from "./layerOps.ts";
import { LayerStatsLine } from "./LayerStatsLine.tsx";

/** Props of a LayerCard: one layer, its inferred stats and the edits the panel accepts. */
export interface LayerCardProps {
  /** 0-based position in the stack. */
  index: number;
  count: number;
  layer: LayerConfig;
  stats: LayerStats | undefined;
  error: string | null;
  isLocked: boolean;
  /** False at the layer limit: duplicating would exceed it. */
  canDuplicate: boolean;
  isDropTarget: boolean;
  /** id of the text explaining Alt+Arrow reordering. */
  hintId: string;
  cardRef?: Ref<HTMLLIElement>;
  onChange: (layer: LayerConfig) => void;
  onCommand: (command: LayerCommand) => void;
  onDragStart: () => void;
  onDragOver: () => void;
  onDrop: () => void;
  onDragEnd: () => void;
}

/** Editable card of one layer: fields, stats, move/duplicate/remove, drag handle and Alt+Arrow keys. */
export function LayerCard(props: LayerCardProps) {
  const {
    index,
    count,
    layer,
    stats,
    error,
    isLocked,
    canDuplicate,
    isDropTarget,
    hintId,
    cardRef,
    onChange,
    onCommand,
  } = props;
  const n = index + 1;
  const info = LAYER_INFO[layer.kind];
  const errorId = `layer-${n}-error`;

  function handleKeyDown(event: KeyboardEvent<HTMLLIElement>) {
    if (isLocked || event.target !== event.currentTarget || !event.altKey) return;
    if (event.key === "ArrowUp" && index > 0) onCommand("up");
    else if (event.key === "ArrowDown" && index < count - 1) onCommand("down");
    else return;
    event.preventDefault();
  }

  function handleDragStart(event: DragEvent<HTMLSpanElement>) {
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", String(index));
    const card = event.currentTarget.closest("li");
    if (card) event.dataTransfer.setDragImage(card, 24, 24);
    props.onDragStart();
  }

  const actions: { command: LayerCommand; label: string; suffix: string; title: string; isDisabled: boolean }[] = [
    { command: "up", label: "Move", suffix: " up", title: "Move up (Alt+↑)", isDisabled: isLocked || index === 0 },
    {
      command: "down",
      label: "Move",
      suffix: " down",
      title: "Move down (Alt+↓)",
      isDisabled: isLocked || index === count - 1,
    },
    { command: "duplicate", label: "Duplicate", suffix: "", title: "Duplicate", isDisabled: isLocked || !canDuplicate },
    {
      command: "remove",
      label: "Remove",
      suffix: "",
      title: count === 1 ? "The model needs at least one layer" : "Remove",
      isDisabled: isLocked || count === 1,
    },
  ];
  const classes = ["layer-card", error && "layer-card--error", isDropTarget && "layer-card--drop"]
    .filter(Boolean)
    .join(" ");
  return (
    <li
      ref={cardRef}
      className={classes}
      aria-label={`Layer ${n}: ${info.label}`}
      aria-describedby={error ? `${hintId} ${errorId}` : hintId}
      tabIndex={0}
      onKeyDown={handleKeyDown}
      onDragOver={(event) => {
        event.preventDefault();
        props.onDragOver();
      }}
      onDrop={(event) => {
        event.preventDefault();
        props.onDrop();
      }}
    >
      <div className="layer-card__header">
        <span
          className="layer-card__handle"
          draggable={!isLocked}
          onDragStart={handleDragStart}
          onDragEnd={props.onDragEnd}
          title="Drag to reorder"
          aria-hidden="true"
        >
          <Icon name="grip" />
        </span>
        <h3 className="layer-card__title">
          <span className="layer-card__index">{n}</span> <LayerGlyph drawing={LAYER_SPECS[layer.kind].drawing} />{" "}
          {info.label}
        </h3>
        <ConceptNote id={LAYER_CONCEPTS[layer.kind]} />
        <div className="layer-card__actions">
          {actions.map((action) => (
            <button
              key={action.command}
              type="button"
              className={action.command === "remove" ? "icon-button icon-button--danger" : "icon-button"}
              aria-label={`${action.label} layer ${n}${action.suffix}`}
              title={action.title}
              disabled={action.isDisabled}
              data-command={action.command}
              onClick={() => onCommand(action.command)}
            >
              <Icon name={action.command} />
            </button>
          ))}
        </div>
      </div>
      <p className="layer-card__help">{info.help}</p>
      <LayerFields layer={layer} onChange={onChange} context={`Layer ${n} (${info.label})`} disabled={isLocked} />
      <LayerStatsLine stats={stats} />
      {error && (
        <p id={errorId} className="alert" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
