// Backend jobs (ingest, scan, apply) are polled, not pushed: polling works the same in the window
// and in the browser test bridge, and a missed event can never leave a progress bar stuck. Their
// state lives outside React so a job keeps being followed when the user leaves the page.
import { api } from "./api/client";
import type { LogJob } from "./api/types";

export const POLL_MS = 250;

/** keyedStore holds one value per key for useSyncExternalStore; get returns idle for unknown keys. */
export function keyedStore<T>(idle: T) {
  const state = new Map<string, T>();
  const listeners = new Set<() => void>();
  return {
    get: (key: string): T => state.get(key) ?? idle,
    set(key: string, next: T) {
      state.set(key, next);
      for (const l of listeners) l();
    },
    subscribe(l: () => void): () => void {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * pollJob polls job `first` until it is done and returns its final state, reporting each state to
 * onUpdate. It returns null as soon as stillOurs() is false (another job took the slot) and
 * rejects when the backend cannot be asked.
 */
export async function pollJob(first: LogJob, stillOurs: () => boolean, onUpdate: (job: LogJob) => void): Promise<LogJob | null> {
  let job = first;
  while (!job.done) {
    await sleep(POLL_MS);
    if (!stillOurs()) return null;
    job = await api.logs.job(first.id);
    if (!stillOurs()) return null;
    onUpdate(job);
  }
  return job;
}
