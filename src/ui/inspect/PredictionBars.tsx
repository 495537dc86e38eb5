import { formatPercent } from "./inspectFormat.ts";

/** Props of PredictionBars: one model's probabilities over the classes. */
export interface PredictionBarsProps {
  /** "Baseline" or the variant's description. */
  model: string;
  probs: number[];
  classNames: readonly string[];
}

/** A model's reading of an image: its top class in words, then a bar per class. */
export function PredictionBars({ model, probs, classNames }: PredictionBarsProps) {
  const top = probs.reduce((best, p, i) => (p > probs[best] ? i : best), 0);
  return (
    <figure className="prediction" aria-label={`Prediction: ${model}`}>
      <figcaption>
        <span className="prediction__model">{model}</span>{" "}
        <strong className="prediction__class">{classNames[top]}</strong>{" "}
        <span className="muted">({formatPercent(probs[top])})</span>
      </figcaption>
      <ul className="prediction__bars">
        {probs.map((p, i) => (
          <li key={classNames[i]} className={i === top ? "prediction__bar prediction__bar--top" : "prediction__bar"}>
            <span className="prediction__label">{classNames[i]}</span>
            <span className="prediction__track">
              <span className="prediction__fill" style={{ width: `${Math.max(0, Math.min(1, p)) * 100}%` }} />
            </span>
            <span className="prediction__value">{formatPercent(p)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
