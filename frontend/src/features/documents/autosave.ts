// The editor's autosave: a debounced, serialised save queue that never drops text.
//
// - change() records what the editor holds and saves it `delayMs` after the last change.
// - flush() saves now (blur, export, publish, leaving the page) and resolves once everything
//   typed so far is stored, or rejects with the save's error.
// - One save at a time: what is typed while a save runs is saved after it (latest text wins;
//   intermediate states are not saved one by one).
// - A failed save keeps the text pending: the status says so, retry() (or the next change) tries
//   again, and a backoff timer retries on its own.
// - Saving what is already stored is skipped (no empty versions).

export interface SaveContent {
  title: string;
  contentMd: string;
  /** Store as a new version, never merged into the current one (restored edits). */
  newVersion?: boolean;
}

export type SaveState = "idle" | "pending" | "saving" | "saved" | "error";

export interface SaveStatus {
  state: SaveState;
  /** The version stored by the last successful save (or the one loaded). */
  version: number;
  /** The last save's failure, while state is "error". */
  error: string;
}

export interface SaverOptions<R> {
  /** Stores content; resolves with the stored version number and whatever else the caller needs. */
  save: (c: SaveContent) => Promise<R>;
  versionOf: (r: R) => number;
  /** What the backend holds when the editor opens. */
  initial: SaveContent;
  initialVersion: number;
  delayMs?: number;
  /** Retry delays after failures, in order (the last repeats). */
  retryMs?: readonly number[];
  /** Called after each successful save with what was saved (drafts are dropped here). */
  onSaved?: (c: SaveContent, r: R) => void;
  onStatus?: (s: SaveStatus) => void;
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (h: unknown) => void };
}

function same(a: SaveContent, b: SaveContent): boolean {
  return a.title === b.title && a.contentMd === b.contentMd;
}

export class AutoSaver<R = unknown> {
  private readonly opts: SaverOptions<R>;
  private readonly delay: number;
  private readonly retryMs: readonly number[];
  private readonly timers: NonNullable<SaverOptions<R>["timers"]>;
  /** What the backend holds. */
  private stored: SaveContent;
  /** What the editor holds (the newest text). */
  private current: SaveContent;
  private timer: unknown = null;
  private inflight: Promise<void> | null = null;
  private failures = 0;
  private lastError = "";
  private status: SaveStatus;
  private disposed = false;

  constructor(opts: SaverOptions<R>) {
    this.opts = opts;
    this.delay = opts.delayMs ?? 800;
    this.retryMs = opts.retryMs ?? [3000, 10000, 30000];
    this.timers = opts.timers ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
    this.stored = { ...opts.initial };
    this.current = { ...opts.initial };
    this.status = { state: "idle", version: opts.initialVersion, error: "" };
  }

  getStatus(): SaveStatus {
    return this.status;
  }

  /** The newest content (typed, maybe not stored yet). */
  content(): SaveContent {
    return this.current;
  }

  /** True when the editor holds text the backend does not. */
  dirty(): boolean {
    return !same(this.current, this.stored);
  }

  /** Records the editor's content and schedules a save. */
  change(c: SaveContent) {
    this.current = { ...c };
    if (!this.dirty()) {
      this.cancelTimer();
      if (!this.inflight) this.setStatus(this.status.state === "error" || this.status.state === "pending" ? "saved" : this.status.state);
      return;
    }
    if (this.status.state !== "saving") this.setStatus("pending");
    this.schedule(this.delay);
  }

  /**
   * Replaces what the editor and the backend hold (after a restore or a reload from the backend):
   * nothing is pending afterwards.
   */
  reset(c: SaveContent, version: number) {
    this.cancelTimer();
    this.stored = { ...c };
    this.current = { ...c };
    this.failures = 0;
    this.lastError = "";
    this.status = { state: "saved", version, error: "" };
    this.opts.onStatus?.(this.status);
  }

  /** Saves now; resolves once everything typed so far is stored, rejects with the save's error. */
  async flush(): Promise<void> {
    this.cancelTimer();
    for (;;) {
      if (this.inflight) {
        await this.inflight;
        continue;
      }
      if (!this.dirty()) return;
      this.cancelTimer();
      await this.run();
      if (this.status.state === "error") throw new Error(this.lastError);
    }
  }

  /** Tries a failed save again now. */
  retry() {
    if (this.dirty()) this.schedule(0);
  }

  /** Undoes dispose() (a view mounted again, as React's StrictMode does). */
  activate() {
    this.disposed = false;
  }

  /** Stops the timers; a running save still completes (and its onSaved still runs). */
  dispose() {
    this.disposed = true;
    this.cancelTimer();
  }

  private schedule(ms: number) {
    this.cancelTimer();
    if (this.disposed) return;
    this.timer = this.timers.set(() => {
      this.timer = null;
      // run() reschedules when it ends; nothing to do if the text was stored meanwhile.
      if (this.inflight || !this.dirty()) return;
      void this.run();
    }, ms);
  }

  private cancelTimer() {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private run(): Promise<void> {
    const snapshot = { ...this.current };
    this.setStatus("saving");
    const p = (async () => {
      try {
        const r = await this.opts.save(snapshot);
        this.stored = snapshot;
        this.failures = 0;
        this.lastError = "";
        this.status = { state: this.dirty() ? "pending" : "saved", version: this.opts.versionOf(r), error: "" };
        this.opts.onStatus?.(this.status);
        this.opts.onSaved?.(snapshot, r);
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
        this.failures++;
        this.status = { state: "error", version: this.status.version, error: this.lastError };
        this.opts.onStatus?.(this.status);
      } finally {
        this.inflight = null;
      }
    })();
    this.inflight = p;
    return p.then(() => {
      // Typed while saving: save that too (after the debounce, or with backoff after a failure).
      if (!this.dirty() || this.disposed) return;
      if (this.status.state === "error" && same(this.current, snapshot)) {
        // The same text again: back off.
        const i = Math.min(this.failures - 1, this.retryMs.length - 1);
        this.schedule(this.retryMs[i] ?? 30000);
      } else if (this.status.state === "error" || this.timer === null) {
        // Typed while the failing save ran (perhaps the fix): try the new text after the debounce.
        this.schedule(this.delay);
      }
    });
  }

  private setStatus(state: SaveState) {
    const error = state === "error" ? this.lastError : "";
    if (this.status.state === state && this.status.error === error) return;
    this.status = { ...this.status, state, error };
    this.opts.onStatus?.(this.status);
  }
}

/** statusText is the line shown beside the editor. */
export function statusText(s: SaveStatus): string {
  switch (s.state) {
    case "saving":
      return "Saving…";
    case "pending":
      return "Unsaved changes";
    case "error":
      return `Not saved: ${s.error}`;
    case "saved":
    case "idle":
      return `Saved · version ${s.version}`;
  }
}
