import { useEffect, useId, useRef, useState } from "react";
import { LAYER_INFO, LAYER_KINDS } from "../../config/layerInfo.ts";
import type { LayerKind } from "../../config/schema.ts";

/** Props of the AddLayerMenu. */
export interface AddLayerMenuProps {
  disabled: boolean;
  /**
   * Called with the chosen kind and the index of the layer card that had focus before the menu (null when none):
   * `insertLayer(layers, kind, afterIndex)` (layerOps.ts) puts the new layer after that card where it is valid there.
   */
  onAdd: (kind: LayerKind, afterIndex: number | null) => void;
}

/** Index of the layer card (an item of the `.layer-list`) that holds `element`, or null. */
function cardIndexOf(element: EventTarget | null): number | null {
  if (!(element instanceof Element)) return null;
  const card = element.closest(".layer-list > li");
  return card?.parentElement ? [...card.parentElement.children].indexOf(card) : null;
}

/** "Add layer" button that opens a list of layer kinds; Escape closes it. */
export function AddLayerMenu({ disabled, onAdd }: AddLayerMenuProps) {
  const [isOpen, setIsOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  /** The card focused before focus came to the menu: the new layer goes after it when it can. */
  const afterIndex = useRef<number | null>(null);

  useEffect(() => {
    if (isOpen) listRef.current?.querySelector("button")?.focus();
  }, [isOpen]);

  function close() {
    setIsOpen(false);
    buttonRef.current?.focus();
  }

  return (
    <div
      className="add-layer"
      onKeyDown={(event) => {
        if (event.key !== "Escape" || !isOpen) return;
        event.preventDefault(); // this Escape is the menu's (the guided tour leaves it alone)
        close();
      }}
      onFocus={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) afterIndex.current = cardIndexOf(event.relatedTarget);
      }}
      // focus leaving the menu (Tab away, click elsewhere) closes it
      onBlur={(event) => {
        if (isOpen && !event.currentTarget.contains(event.relatedTarget)) setIsOpen(false);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className="button"
        aria-expanded={isOpen}
        aria-controls={menuId}
        disabled={disabled}
        onClick={() => setIsOpen(!isOpen)}
      >
        Add layer
      </button>
      {isOpen && (
        <ul ref={listRef} id={menuId} className="add-layer__menu" aria-label="Layer kinds">
          {LAYER_KINDS.map((kind) => (
            <li key={kind}>
              <button
                type="button"
                className="add-layer__item"
                title={LAYER_INFO[kind].help}
                onClick={() => {
                  setIsOpen(false);
                  onAdd(kind, afterIndex.current);
                }}
              >
                {LAYER_INFO[kind].label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
