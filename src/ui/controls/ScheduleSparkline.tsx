/** Props of a ScheduleSparkline: the multiplier of the base rate at sampled steps, first to last. */
export interface ScheduleSparklineProps {
  points: readonly { step: number; multiplier: number }[];
  /** The base learning rate, for the axis labels. */
  baseRate: number;
  totalSteps: number;
}

const W = 160;
const H = 44;
const PAD = 2;

const rateText = (rate: number) => String(Number(rate.toPrecision(2)));

/** The schedule's curve over the run's steps, drawn small; labelled in words for screen readers and beside it. */
export function ScheduleSparkline({ points, baseRate, totalSteps }: ScheduleSparklineProps) {
  const last = Math.max(1, points.at(-1)?.step ?? 1);
  const top = Math.max(1, ...points.map((p) => p.multiplier));
  const path = points
    .map((p, i) => {
      const x = PAD + ((W - 2 * PAD) * p.step) / last;
      const y = PAD + (H - 2 * PAD) * (1 - p.multiplier / top);
      return `${i === 0 ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join("");
  const first = points[0]?.multiplier ?? 1;
  const end = points.at(-1)?.multiplier ?? 1;
  const summary = `Learning rate from ${rateText(baseRate * first)} at the first step to ${rateText(baseRate * end)} at step ${totalSteps}, peak ${rateText(baseRate * top)}`;
  return (
    <figure className="schedule-sparkline" data-testid="schedule-sparkline">
      <span className="schedule-sparkline__y muted small" aria-hidden="true">
        rate {rateText(baseRate * top)}
      </span>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={summary}>
        <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} className="schedule-sparkline__axis" />
        <path d={path} className="schedule-sparkline__line" />
      </svg>
      <figcaption className="muted small" aria-hidden="true">
        step 0 → {totalSteps}
      </figcaption>
    </figure>
  );
}
