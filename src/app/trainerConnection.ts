/**
 * The page's connection to its trainer (a worker, or the main thread when no worker starts): started on first use
 * for the backend preference chosen now, replaced when the preference changes, and dropped when it is lost.
 */
import type { Trainer, TrainerClient } from "../worker/trainerClient.ts";
import { useAppStore } from "./store.ts";

const set = useAppStore.setState;
const get = useAppStore.getState;

let client: TrainerClient | null = null;
let clientStarting: Promise<TrainerClient> | null = null;
let lostHandler: ((error: Error) => void) | null = null;

/** What happens when the trainer in use is lost (it failed, or stopped); it is dropped before the handler runs. */
export function onTrainerLost(handler: (error: Error) => void): void {
  lostHandler = handler;
}

/** Starts a trainer for the preference chosen now; one chosen while it started replaces it at once. */
function startClient(): Promise<TrainerClient> {
  const preference = get().backendPreference;
  return import("../worker/trainerClient.ts")
    .then(({ createTrainerClient }) => createTrainerClient(preference))
    .then((c) => {
      if (get().backendPreference !== preference) {
        c.dispose();
        return startClient();
      }
      client = c;
      c.onLost((error) => {
        if (client !== c) return;
        client = null;
        lostHandler?.(error);
      });
      const workerProblem = c.thread.kind === "main thread" ? c.thread.workerProblem : null;
      set({
        backend: c.backend,
        backendError: null,
        trainerAlert: workerProblem
          ? `The trainer's worker could not start (${workerProblem}); training runs on the page's main thread instead, so the page may respond slowly while it trains. Reload the page to try the worker again.`
          : get().trainerAlert,
      });
      return c;
    });
}

/** The trainer's client, started on first use (one start at a time). */
export async function getClient(): Promise<TrainerClient> {
  if (client) return client;
  clientStarting ??= startClient()
    .catch((error: unknown) => {
      set({ backendError: String(error instanceof Error ? error.message : error) });
      throw error;
    })
    .finally(() => {
      clientStarting = null;
    });
  return clientStarting;
}

/** The client in use now, without starting one (null before the first use, or after it was dropped). */
export function currentClient(): TrainerClient | null {
  return client;
}

/** Ends the trainer in use; the next use starts one (a trainer still starting is replaced when it arrives). */
export function dropClient(): void {
  client?.dispose();
  client = null;
}

/** The trainer (started on first use), as comlink's `Remote<TrainerApi>`; callbacks go through `proxy()`. */
export async function getTrainer(): Promise<Trainer> {
  return (await getClient()).trainer;
}

/** Hides the trainer alert. */
export function dismissTrainerAlert(): void {
  set({ trainerAlert: null });
}
