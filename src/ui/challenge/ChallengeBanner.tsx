import { useEffect, useMemo } from "react";
import { findMet, goalCandidates, readMetRecord, writeMetRecord, type MetRecord } from "../../app/challengeRecord.ts";
import { useCompressionStore } from "../../app/compressionStore.ts";
import { useAppStore } from "../../app/store.ts";
import { describeGoal, formatGoal, type Goal } from "../../config/challenge.ts";
import { formatInt, formatPercent } from "../format.ts";

/** Props of ChallengeBanner: the goal in words and the record of the run that met it (null: not yet). */
export interface ChallengeBannerProps {
  description: string;
  met: MetRecord | null;
}

const timeOf = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** The link's challenge near the top of the page, and whether (when, by which run) it was met. */
export function ChallengeBanner({ description, met }: ChallengeBannerProps) {
  return (
    <section className={`challenge${met ? " challenge--met" : ""}`} aria-label="Challenge">
      <p className="challenge__goal">
        <strong>Challenge:</strong> {description}
      </p>
      <p className="challenge__state" role="status">
        {met ? (
          <>
            <strong>Met</strong> {timeOf(met.metAt)} by run {met.runId} ({met.runTitle})
            {met.variant ? `, lab variant ${met.variant}` : ""}: {formatPercent(met.accuracy)} test accuracy,{" "}
            {formatInt(met.params)} parameters.
          </>
        ) : (
          "Not met yet: train a model (and compress it in the lab if the goal asks) that does it."
        )}
      </p>
    </section>
  );
}

/** ChallengeBanner for the link's goal: met by a run or lab variant of this page, or by the record kept for it. */
function ChallengeStatus({ goal }: { goal: Goal }) {
  const goalText = formatGoal(goal);
  const runs = useAppStore((s) => s.runs);
  const reports = useCompressionStore((s) => s.reports);
  const found = useMemo(() => findMet(goal, goalCandidates(runs, reports), new Date()), [goal, runs, reports]);
  // read again whenever what is found changes: after the effect below kept the first record, it is the one shown
  const kept = useMemo(() => (found === undefined ? null : readMetRecord(goalText)), [goalText, found]);
  useEffect(() => {
    // the first met record stays: a later run that also meets the goal does not move "when"
    if (found && !readMetRecord(goalText)) writeMetRecord(goalText, found);
  }, [found, goalText]);
  return <ChallengeBanner description={describeGoal(goal)} met={kept ?? found} />;
}

/** The challenge of the page's link, or nothing when it sets none. */
export function LinkChallenge() {
  const goal = useAppStore((s) => s.classroom.goal);
  return goal ? <ChallengeStatus goal={goal} /> : null;
}
