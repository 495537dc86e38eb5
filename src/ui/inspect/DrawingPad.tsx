import { useEffect, useRef } from "react";

/** Props of DrawingPad: called with the ink (0–1, row-major) after each stroke, and on clear. */
export interface DrawingPadProps {
  onStroke(ink: Float32Array, width: number, height: number): void;
  onClear(): void;
  disabled?: boolean;
}

/** Canvas resolution: ten times MNIST's 28 px, so a stroke is about as thick as a pen's on paper. */
const SIDE = 280;
const PEN_WIDTH = 20;

/**
 * A square pad to draw a digit with a mouse, a finger or a pen: white ink on black, as MNIST stores digits.
 * After each stroke the page reads the ink; "Clear drawing" (or Escape / Delete on the focused pad) wipes it.
 */
export function DrawingPad({ onStroke, onClear, disabled = false }: DrawingPadProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);

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
    onClear();
  };

  return (
    <div className="drawing-pad">
      <canvas
        ref={ref}
        width={SIDE}
        height={SIDE}
        className="drawing-pad__canvas"
        role="img"
        tabIndex={0}
        aria-label="Drawing pad"
        aria-describedby="drawing-pad-help"
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
        onKeyDown={(event) => {
          if (event.key === "Escape" || event.key === "Delete" || event.key === "Backspace") {
            event.preventDefault();
            clear();
          }
        }}
      />
      <p id="drawing-pad-help" className="muted small">
        Draw one digit, large, in the middle. It is centred and scaled to 20 px in a 28 px square, as MNIST's digits
        were, before the models read it.
      </p>
      <button type="button" className="button" onClick={clear}>
        Clear drawing
      </button>
    </div>
  );
}
