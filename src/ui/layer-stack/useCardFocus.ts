import { useEffect, useRef, type RefObject } from "react";

/** After a reorder/duplicate/remove re-renders the list, focuses the card at the remembered index
 *  (or the same command button in it when that button started the edit and is still enabled). */
export function useCardFocus(listRef: RefObject<HTMLOListElement | null>): (index: number) => void {
  const pending = useRef<{ index: number; command: string | null } | null>(null);
  useEffect(() => {
    const target = pending.current;
    if (!target) return;
    pending.current = null;
    const card = listRef.current?.children[target.index];
    if (!(card instanceof HTMLElement)) return;
    const button = target.command
      ? card.querySelector<HTMLButtonElement>(`button[data-command="${target.command}"]`)
      : null;
    (button && !button.disabled ? button : card).focus();
  });
  return (index) => {
    const active = document.activeElement;
    const command =
      active instanceof HTMLElement && listRef.current?.contains(active) ? (active.dataset.command ?? null) : null;
    pending.current = { index, command };
  };
}
