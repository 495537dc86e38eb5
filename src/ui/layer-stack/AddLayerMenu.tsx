import { useEffect, useId, useRef, useState } from "react";
import { LAYER_INFO, LAYER_KINDS } from "../../config/layerInfo.ts";
import type { LayerKind } from "../../config/schema.ts";

/** Props of the AddLayerMenu. */
export interface AddLayerMenuProps {
  disabled: boolean;
  onAdd: (kind: LayerKind) => void;
}

/** "Add layer" button that opens a list of layer kinds; Escape closes it. */
export function AddLayerMenu({ disabled, onAdd }: AddLayerMenuProps) {
  const [isOpen, setIsOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

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
      onKeyDown={(event) => { if (event.key === "Escape" && isOpen) close(); }}
      // focus leaving the menu (Tab away, click elsewhere) closes it
      onBlur={(event) => { if (isOpen && !event.currentTarget.contains(event.relatedTarget)) setIsOpen(false); }}
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
                onClick={() => { setIsOpen(false); onAdd(kind); }}
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
