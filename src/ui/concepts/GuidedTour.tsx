import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { TOUR_STEPS } from "./tourSteps.ts";
import { dismissTour, pageStorage } from "./tourStorage.ts";

/** Class added to the region a step points at (outlined by app.css). */
const TARGET_CLASS = "tour-target";

/** The page region whose `section > h2` reads `heading`, if it is on the page. */
function findTarget(heading: string): HTMLElement | null {
  const h2 = [...document.querySelectorAll<HTMLElement>("section > h2")].find((h) => h.textContent?.trim() === heading);
  return h2?.closest("section") ?? null;
}

/** Props of the GuidedTour. */
export interface GuidedTourProps {
  /**
   * Opened from the header button: take focus from wherever it is, and give it back on close. Otherwise (a first
   * visit) the card takes focus when nothing else has it, so it is the first stop for the keyboard.
   */
  shouldFocus: boolean;
  onClose: () => void;
}

/**
 * Non-modal card at the bottom of the viewport that walks through the page's regions, scrolling each into
 * view and outlining it. Skip, Done or Escape dismiss it for good (localStorage).
 */
export function GuidedTour({ shouldFocus, onClose }: GuidedTourProps) {
  const [index, setIndex] = useState(0);
  const step = TOUR_STEPS[index];
  const isLast = index === TOUR_STEPS.length - 1;
  const baseId = useId();
  const cardRef = useRef<HTMLDivElement>(null);
  const returnFocusTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const active = document.activeElement;
    const nothingFocused = active === null || active === document.body;
    // a first visit never takes focus from a control the person already went to (the card loads after the page)
    if (!shouldFocus && !nothingFocused) return;
    // (StrictMode runs this twice: the second time focus is already in the card)
    if (active instanceof HTMLElement && !nothingFocused && !cardRef.current?.contains(active))
      returnFocusTo.current = active;
    cardRef.current?.focus({ preventScroll: true });
  }, [shouldFocus]);

  useEffect(() => {
    // the lab and the export panel load after the first paint: look again for a few seconds
    let target: HTMLElement | null = null;
    let timer: number | undefined;
    let tries = 0;
    const reduceMotion = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
    function outline() {
      target = findTarget(step.heading);
      if (!target) {
        if (tries++ < 10) timer = window.setTimeout(outline, 300);
        return;
      }
      target.classList.add(TARGET_CLASS);
      // a region whose top already shows in the upper half stays put (the first step keeps the header in view)
      const top = target.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight / 2)
        target.scrollIntoView({ behavior: reduceMotion ? "auto" : "smooth", block: "start" });
    }
    outline();
    return () => {
      window.clearTimeout(timer);
      target?.classList.remove(TARGET_CLASS);
    };
  }, [step.heading]);

  function close() {
    dismissTour(pageStorage());
    const hadFocus = cardRef.current?.contains(document.activeElement) ?? false;
    onClose();
    // keyboard users land on the button that reopens the tour, or where they were before it opened
    const next = returnFocusTo.current?.isConnected
      ? returnFocusTo.current
      : document.querySelector<HTMLElement>("[data-tour-opener]");
    if (hadFocus) next?.focus();
  }

  useEffect(() => {
    // Escape anywhere on the page skips the tour, unless a control used it (a menu or note that closed calls preventDefault)
    function handleKey(event: globalThis.KeyboardEvent) {
      if (event.key === "Escape" && !event.defaultPrevented) close();
    }
    document.addEventListener("keydown", handleKey);
    return () => document.removeEventListener("keydown", handleKey);
  });

  function handleKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    close();
  }

  return (
    <div
      ref={cardRef}
      className="tour"
      role="dialog"
      aria-modal="false"
      aria-label="Guided tour"
      aria-describedby={`${baseId}-text`}
      tabIndex={-1}
      onKeyDown={handleKeyDown}
    >
      <p className="tour__counter">
        Step {index + 1} of {TOUR_STEPS.length}
      </p>
      <div aria-live="polite">
        <h2 className="tour__title">{step.title}</h2>
        <p id={`${baseId}-text`} className="tour__text">
          {step.text}
        </p>
      </div>
      <div className="tour__buttons">
        {!isLast && (
          <button type="button" className="button tour__skip" onClick={close}>
            Skip tour
          </button>
        )}
        <button
          type="button"
          className="button"
          aria-disabled={index === 0}
          onClick={() => {
            if (index > 0) setIndex(index - 1);
          }}
        >
          Back
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => (isLast ? close() : setIndex(index + 1))}
        >
          {isLast ? "Done" : "Next"}
        </button>
      </div>
    </div>
  );
}
