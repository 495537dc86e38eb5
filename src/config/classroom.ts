import { z } from "zod";
import { Goal } from "./challenge.ts";

/** Panels a teacher may hide from a shared link (new ids go last: old links keep their meaning). */
export const PanelId = z.enum(["dataset", "layers", "training", "charts", "results", "lab", "inspect", "share"]);
export type PanelId = z.infer<typeof PanelId>;

/** Classroom mode of a shared link: hidden panels (each at most once) and a locked layer stack. */
export const Classroom = z.object({
  hide: z.array(PanelId).refine((ids) => new Set(ids).size === ids.length, { message: "lists a panel twice" }),
  /** The layer stack is read-only; training settings stay editable. */
  lockArchitecture: z.boolean(),
  /** A challenge for the class (the `goal` key); absent when the link sets none. */
  goal: Goal.optional(),
});
export type Classroom = z.infer<typeof Classroom>;

/** No classroom restrictions: every panel shown, the architecture editable. */
export const NO_CLASSROOM: Classroom = { hide: [], lockArchitecture: false };

/** True when a link's classroom hides or locks something: a page opened from it offers no way to undo that. */
export function isRestricted(classroom: Classroom): boolean {
  return classroom.lockArchitecture || classroom.hide.length > 0;
}
