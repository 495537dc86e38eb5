import { z } from "zod";

/** Panels a teacher may hide from a shared link. */
export const PanelId = z.enum(["dataset", "layers", "training", "charts", "results", "lab"]);
export type PanelId = z.infer<typeof PanelId>;

/** Classroom mode of a shared link: hidden panels (each at most once) and a locked layer stack. */
export const Classroom = z.object({
  hide: z.array(PanelId).refine((ids) => new Set(ids).size === ids.length, { message: "lists a panel twice" }),
  /** The layer stack is read-only; training settings stay editable. */
  lockArchitecture: z.boolean(),
});
export type Classroom = z.infer<typeof Classroom>;

/** No classroom restrictions: every panel shown, the architecture editable. */
export const NO_CLASSROOM: Classroom = { hide: [], lockArchitecture: false };
