// Unsaved editor text, kept until a save stores it. Held in memory for the session (not in
// browser storage: nothing is written outside the encrypted database — see eslint.config.js), so
// leaving the document page, or a failed save, never loses what was typed: reopening the
// document offers it back.

export interface Draft {
  title: string;
  contentMd: string;
  /** The version the text was typed over. */
  baseVersion: number;
  /** When it was last changed (epoch ms). */
  at: number;
}

export interface DraftStore {
  get(docId: string): Draft | undefined;
  put(docId: string, d: Draft): void;
  /** Drops the draft if it holds exactly this text (newer typing is kept). */
  dropIfSaved(docId: string, saved: { title: string; contentMd: string }): void;
  drop(docId: string): void;
}

export function memoryDrafts(): DraftStore {
  const m = new Map<string, Draft>();
  return {
    get: (id) => m.get(id),
    put: (id, d) => void m.set(id, { ...d }),
    dropIfSaved: (id, saved) => {
      const d = m.get(id);
      if (d && d.title === saved.title && d.contentMd === saved.contentMd) m.delete(id);
    },
    drop: (id) => void m.delete(id),
  };
}

/** The app's drafts. */
export const drafts: DraftStore = memoryDrafts();

/** pendingDraft returns the draft worth offering when a document opens: one that differs from what is stored. */
export function pendingDraft(store: DraftStore, docId: string, stored: { title: string; contentMd: string }): Draft | null {
  const d = store.get(docId);
  if (!d) return null;
  if (d.title === stored.title && d.contentMd === stored.contentMd) {
    store.drop(docId);
    return null;
  }
  return d;
}
