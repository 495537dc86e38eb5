import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { CONCEPT_TITLES, type ConceptId } from "./conceptIds.ts";
import type { Concept } from "./concepts.ts";
import { loadKatex } from "./loadKatex.ts";

/** Props of a ConceptNote: which concept it explains. */
export interface ConceptNoteProps {
  id: ConceptId;
}

/**
 * A "?" button that opens a short note on a concept, with its formula typeset by KaTeX. The texts and KaTeX
 * load on the first open, outside the entry bundle. Button and note sit in a `display: contents` wrapper:
 * in a wrapping flex row the note takes a line of its own below. Escape closes the note and returns focus
 * to the button.
 */
export function ConceptNote({ id }: ConceptNoteProps) {
  const title = CONCEPT_TITLES[id];
  const baseId = useId();
  const [isOpen, setIsOpen] = useState(false);
  const [concept, setConcept] = useState<Concept | null>(null);
  const [failure, setFailure] = useState<"text" | "tex" | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const formulaRef = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!isOpen) return;
    let isCurrent = true;
    import("./concepts.ts").then(
      ({ CONCEPTS }) => {
        if (!isCurrent) return;
        const loaded = CONCEPTS[id];
        if (!loaded) return void setFailure("text");
        setConcept(loaded);
        return loadKatex().then(
          (render) => {
            // KaTeX writes its own markup into the element; React renders no children there
            if (!isCurrent || !formulaRef.current) return;
            render(loaded.formula, formulaRef.current, { throwOnError: false, displayMode: true });
            setFailure(null);
          },
          () => {
            if (isCurrent) setFailure("tex");
          },
        );
      },
      () => {
        if (isCurrent) setFailure("text");
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [isOpen, id]);

  function handleKeyDown(event: KeyboardEvent<HTMLSpanElement>) {
    if (event.key !== "Escape" || !isOpen) return;
    event.preventDefault();
    event.stopPropagation();
    setIsOpen(false);
    buttonRef.current?.focus();
  }

  return (
    <span className="concept-note" onKeyDown={handleKeyDown}>
      <button
        ref={buttonRef}
        type="button"
        className="concept-note__button"
        aria-label={`About ${title}`}
        aria-expanded={isOpen}
        aria-controls={`${baseId}-note`}
        title={`About ${title}`}
        onClick={() => setIsOpen(!isOpen)}
      >
        <span aria-hidden="true">?</span>
      </button>
      <span
        id={`${baseId}-note`}
        role="note"
        aria-labelledby={`${baseId}-title`}
        className="concept-note__panel"
        hidden={!isOpen}
      >
        <strong id={`${baseId}-title`} className="concept-note__title">
          {title}
        </strong>
        {concept ? (
          <span className="concept-note__text">{concept.text}</span>
        ) : (
          <span className="concept-note__text muted">
            {failure === "text"
              ? "The explanation could not be loaded; check the connection and try again."
              : "Loading…"}
          </span>
        )}
        {/* focusable: a wide formula scrolls sideways on a phone */}
        <span
          ref={formulaRef}
          className="concept-note__formula"
          role="group"
          aria-label="Formula"
          tabIndex={concept && failure !== "tex" ? 0 : -1}
        />
        {concept && failure === "tex" && <code className="concept-note__tex">{concept.formula}</code>}
        {concept?.where && <span className="concept-note__where">{concept.where}</span>}
      </span>
    </span>
  );
}
