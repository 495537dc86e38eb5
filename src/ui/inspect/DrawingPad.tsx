import { useEffect, useId, useRef, useState } from "react";

/** Props of DrawingPad: called with the ink (0–1, row-major) after each stroke, and on clear. */
export interface DrawingPadProps {
  onStroke(ink: Float32Array, width: number, height: number): void;
  onClear(): void;
  disabled?: boolean;
  /** What to draw, e.g. "digit" on MNIST (default), "shape" on other datasets. */
  subject?: string;
}

/** Canvas resolution: ten times MNIST's 28 px, so a stroke is about as thick as a pen's on paper. */
const SIDE = 280;
const PEN_WIDTH = 20;
/** The keyboard cursor moves on MNIST's own 28×28 grid: one arrow press is one pixel the models see. */
const GRID = 28;
const CELL = SIDE / GRID;

interface Cursor {
  row: number;
  col: number;
  penDown: boolean;
}

const MOVES: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

const clampCell = (v: number) => Math.min(GRID - 1, Math.max(0, v));
const centre = (c: { row: number; col: number }) => ({ x: (c.col + 0.5) * CELL, y: (c.row + 0.5) * CELL });

/**
 * A square pad to draw a digit with a mouse, a finger or a pen: white ink on black, as MNIST stores digits.
 * After each stroke the page reads the ink; "Clear drawing" (or Escape / Delete on the focused pad) wipes it.
 * By keyboard: the arrow keys move a cursor on the 28×28 grid, Space or Enter lowers the pen (moving then draws) and
 * lifts it again, which ends the stroke as a pointer's release does.
 */
export function DrawingPad({ onStroke, onClear, disabled = false, subject = "digit" }: DrawingPadProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [cursor, setCursor] = useState<Cursor>({ row: GRID / 2, col: GRID / 2, penDown: false });
  const [showCursor, setShowCursor] = useState(false);
  const helpId = useId();
  const keysId = useId();

  const context = () => ref.current?.getContext("2d", { willReadFrequently: true }) ?? null;
  const wipe = () => {
    const c = context();
    if (!c) return;
    c.fillStyle = "#000";
    c.fillRect(0, 0, SIDE, SIDE);
  };
  useEffect(wipe, []);

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) / rect.width) * SIDE,
      y: ((event.clientY - rect.top) / rect.height) * SIDE,
    };
  };
  const line = (from: { x: number; y: number }, to: { x: number; y: number }) => {
    const c = context();
    if (!c) return;
    c.strokeStyle = "#fff";
    c.lineWidth = PEN_WIDTH;
    c.lineCap = "round";
    c.lineJoin = "round";
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x, to.y);
    c.stroke();
  };
  const finish = () => {
    if (!last.current) return;
    last.current = null;
    read();
  };
  const read = () => {
    const c = context();
    if (!c) return;
    const { data } = c.getImageData(0, 0, SIDE, SIDE);
    const ink = new Float32Array(SIDE * SIDE);
    for (let i = 0; i < ink.length; i++) ink[i] = data[i * 4] / 255;
    onStroke(ink, SIDE, SIDE);
  };
  const clear = () => {
    wipe();
    last.current = null;
    setCursor((c) => ({ ...c, penDown: false }));
    onClear();
  };

  const onKey = (event: React.KeyboardEvent<HTMLCanvasElement>) => {
    if (event.key === "Escape" || event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      clear();
      return;
    }
    if (disabled || event.altKey || event.ctrlKey || event.metaKey) return;
    const move = MOVES[event.key];
    if (move) {
      event.preventDefault();
      setShowCursor(true);
      const next = { ...cursor, row: clampCell(cursor.row + move[0]), col: clampCell(cursor.col + move[1]) };
      if (cursor.penDown) line(centre(cursor), centre(next));
      setCursor(next);
    } else if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      setShowCursor(true);
      if (cursor.penDown) read();
      else line(centre(cursor), centre(cursor));
      setCursor({ ...cursor, penDown: !cursor.penDown });
    }
  };
  // leaving the pad with the pen down ends the stroke, as lifting it would
  const onBlur = () => {
    setShowCursor(false);
    if (!cursor.penDown) return;
    setCursor({ ...cursor, penDown: false });
    read();
  };

  return (
    <div className="drawing-pad">
      <div className="drawing-pad__frame">
        <canvas
          ref={ref}
          width={SIDE}
          height={SIDE}
          className="drawing-pad__canvas"
          // an application: a screen reader passes the arrow keys and Space through to the pad
          role="application"
          aria-roledescription="drawing pad"
          tabIndex={0}
          aria-label="Drawing pad"
          aria-describedby={`${keysId} ${helpId}`}
          aria-disabled={disabled}
          onPointerDown={(event) => {
            if (disabled) return;
            event.currentTarget.setPointerCapture(event.pointerId);
            last.current = point(event);
            line(last.current, last.current);
          }}
          onPointerMove={(event) => {
            if (!last.current) return;
            const next = point(event);
            line(last.current, next);
            last.current = next;
          }}
          onPointerUp={finish}
          onPointerCancel={finish}
          onKeyDown={onKey}
          onBlur={onBlur}
          // the cursor shows for keyboard focus, not for a click that starts a pointer stroke
          onFocus={(event) => setShowCursor(event.currentTarget.matches(":focus-visible"))}
        />
        {showCursor && (
          <span
            className={`drawing-pad__cursor${cursor.penDown ? " drawing-pad__cursor--down" : ""}`}
            style={{
              left: `${(cursor.col / GRID) * 100}%`,
              top: `${(cursor.row / GRID) * 100}%`,
              width: `${100 / GRID}%`,
              height: `${100 / GRID}%`,
            }}
            aria-hidden="true"
          />
        )}
      </div>
      <p id={keysId} className="small">
        Keyboard: arrow keys move, Space lifts or lowers the pen, Delete clears.
        {showCursor && (
          <span className="muted">
            {" "}
            Pen {cursor.penDown ? "down" : "up"}, row {cursor.row + 1}, column {cursor.col + 1}.
          </span>
        )}
      </p>
      <p id={helpId} className="muted small">
        Draw one {subject}, large, in the middle. It is centred and scaled to 20 px in a 28 px square, as MNIST's digits
        were, before the models read it. Or read a test image instead: the Test image field under Activations.
      </p>
      <button type="button" className="button" onClick={clear}>
        Clear drawing
      </button>
    </div>
  );
}
