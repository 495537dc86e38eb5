// The classroom settings in the hash: hide (panels hidden, comma-separated), lock=1 (architecture locked) and
// goal (a challenge, e.g. acc98,params20k: the grammar is in challenge.ts).

import { z } from "zod";
import { formatGoal, parseGoal } from "./challenge.ts";
import { PanelId, type Classroom } from "./classroom.ts";
import { quote } from "./layerNotation.ts";
import { readField } from "./urlParts.ts";

/** The hash keys this codec writes and reads. */
export const CLASSROOM_KEYS = ["hide", "lock", "goal"] as const;

const LockFlag = z.enum(["0", "1"]);

/** The keys hide, lock and goal, each only when set. */
export function writeClassroom(classroom: Classroom): [string, string][] {
  const pairs: [string, string][] = [];
  if (classroom.hide.length > 0) pairs.push(["hide", classroom.hide.join(",")]);
  if (classroom.lockArchitecture) pairs.push(["lock", "1"]);
  if (classroom.goal) pairs.push(["goal", formatGoal(classroom.goal)]);
  return pairs;
}

/** The panels of `hide`; unknown names are dropped with a message, repeats silently. */
function readHidden(raw: string | undefined, errors: string[]): PanelId[] {
  const ids: PanelId[] = [];
  for (const token of (raw ?? "").split(",").filter((t) => t !== "")) {
    const id = PanelId.safeParse(token);
    if (!id.success)
      errors.push(`Hidden panel ${quote(token)} is not one of ${PanelId.options.join(", ")}; it was ignored.`);
    else if (!ids.includes(id.data)) ids.push(id.data);
  }
  return ids;
}

/** The classroom from hide, lock and goal; a bad value is dropped (hide, goal) or read as unlocked (lock), with a message. */
export function readClassroom(params: ReadonlyMap<string, string>, errors: string[]): Classroom {
  const lock = readField(LockFlag, params.get("lock"), "Lock architecture", "0", errors);
  const classroom: Classroom = { hide: readHidden(params.get("hide"), errors), lockArchitecture: lock === "1" };
  const rawGoal = params.get("goal");
  const goal = rawGoal === undefined || rawGoal === "" ? null : parseGoal(rawGoal, errors);
  if (goal) classroom.goal = goal;
  return classroom;
}
