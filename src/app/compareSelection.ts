// Which earlier runs the charts overlay: pure rules, tested in Node; compareStore.ts keeps the choice.

/** Most earlier runs overlaid at once: more curves than this is not readable on a 260 px chart. */
export const MAX_COMPARED = 4;

/** What ticking or unticking run `id` does to the chosen ids: the new ids, or why it was refused. */
export function toggleCompared(
  ids: readonly number[],
  id: number,
  max: number = MAX_COMPARED,
): { ids: number[]; refused: string | null } {
  if (ids.includes(id)) return { ids: ids.filter((i) => i !== id), refused: null };
  if (ids.length >= max)
    return { ids: [...ids], refused: `At most ${max} runs can be compared at once: untick one to compare run ${id}.` };
  return { ids: [...ids, id], refused: null };
}

/** The chosen ids that are still earlier runs (runs that were cleared or dropped by the cap go). */
export function keptCompared(ids: readonly number[], earlierRunIds: readonly number[]): number[] {
  return ids.filter((id) => earlierRunIds.includes(id));
}
