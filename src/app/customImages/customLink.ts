/** Whether the page was opened from a link to an experiment on someone's own images (the link never holds them). */
const openedWith = typeof location !== "undefined" && /(^|[#&])ds=custom(&|$)/.test(location.hash);

export function openedWithOwnImages(): boolean {
  return openedWith;
}
