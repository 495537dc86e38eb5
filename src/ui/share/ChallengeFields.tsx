import { useId, useState } from "react";
import { Goal, describeGoal } from "../../config/challenge.ts";

/** Props of ChallengeFields: the link's challenge (undefined: none) and where a new one (or none) goes. */
export interface ChallengeFieldsProps {
  goal: Goal | undefined;
  onChange: (goal: Goal | undefined) => void;
}

const FIELDS = [
  ["accuracy", "Accuracy to reach (% of the test set)", "98"],
  ["maxParams", "At most parameters", "20000"],
  ["maxMacs", "At most multiply-adds", ""],
  ["maxEpochs", "At most epochs", ""],
] as const;
type Key = (typeof FIELDS)[number][0];

/** The teacher's "Add a challenge" form: a goal in numbers, checked by the same schema the link is read with. */
export function ChallengeFields({ goal, onChange }: ChallengeFieldsProps) {
  const id = useId();
  const [text, setText] = useState<Record<Key, string>>(
    () =>
      Object.fromEntries(
        FIELDS.map(([key, , start]) => [key, goal?.[key]?.toString() ?? (goal ? "" : start)]),
      ) as Record<Key, string>,
  );
  const [bits, setBits] = useState(goal?.weightBits?.toString() ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    const draft: Record<string, number> = {};
    for (const [key] of FIELDS) if (text[key].trim() !== "") draft[key] = Number(text[key]);
    if (bits) draft.weightBits = Number(bits);
    const checked = Goal.safeParse(draft);
    if (!checked.success) {
      const field = FIELDS.find(([key]) => key === checked.error.issues[0]?.path[0]);
      setProblem(`${field ? field[1] : "The goal"}: ${checked.error.issues[0]?.message ?? "not valid"}.`);
      return;
    }
    setProblem(null);
    onChange(checked.data);
  };
  return (
    <details className="classroom">
      <summary>Add a challenge</summary>
      <p className="muted small">
        {goal ? `The link sets: ${describeGoal(goal)}.` : "The link sets no challenge."} A student's page shows it and
        says when a run meets it.
      </p>
      <div className="challenge-form">
        {FIELDS.map(([key, label]) => (
          <div className="field" key={key}>
            <label htmlFor={`${id}-${key}`}>{label}</label>
            <input
              id={`${id}-${key}`}
              type="number"
              min={0}
              value={text[key]}
              onChange={(e) => setText({ ...text, [key]: e.target.value })}
            />
          </div>
        ))}
        <div className="field">
          <label htmlFor={`${id}-bits`}>Quantized in the lab</label>
          <select id={`${id}-bits`} value={bits} onChange={(e) => setBits(e.target.value)}>
            <option value="">No</option>
            <option value="8">8-bit</option>
            <option value="4">4-bit</option>
            <option value="2">2-bit</option>
          </select>
        </div>
      </div>
      <div className="button-row">
        <button type="button" className="button" onClick={add}>
          {goal ? "Change the challenge" : "Add the challenge to the link"}
        </button>
        {goal && (
          <button type="button" className="button" onClick={() => onChange(undefined)}>
            Remove the challenge
          </button>
        )}
      </div>
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
    </details>
  );
}
