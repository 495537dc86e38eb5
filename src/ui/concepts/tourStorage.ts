/** localStorage key and value that mark the tour as dismissed (e2e tests set them to keep it away). */
export const TOUR_STORAGE_KEY = "cnn-playground-tour";
export const TOUR_DISMISSED = "dismissed";

/** The part of Storage the tour uses. */
export type TourStorage = Pick<Storage, "getItem" | "setItem">;

/** The page's localStorage, or null where reading it throws (storage blocked, some private modes). */
export function pageStorage(): TourStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** True once the tour was skipped or finished; false when storage is missing or unreadable. */
export function isTourDismissed(storage: TourStorage | null): boolean {
  try {
    return storage?.getItem(TOUR_STORAGE_KEY) === TOUR_DISMISSED;
  } catch {
    return false;
  }
}

/** Remembers the dismissal; where storage fails, the tour simply shows again next visit. */
export function dismissTour(storage: TourStorage | null): void {
  try {
    storage?.setItem(TOUR_STORAGE_KEY, TOUR_DISMISSED);
  } catch {
    // quota or privacy settings: nothing to do
  }
}
