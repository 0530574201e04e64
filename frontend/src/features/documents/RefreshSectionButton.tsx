import { useId, useState } from "react";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { Field, Select } from "../../components/ui/Field";
import { documentsApi, type Doc } from "../../lib/api/documents";
import { toAppError } from "../../lib/api/errors";
import { toast } from "../../lib/toast";

interface Props {
  docId: string;
  /** Persists the editor's pending text first (the refresh works on the saved document). */
  flush: () => Promise<void>;
  /** Called with the refreshed document so the editor shows it. */
  onApplied: (doc: Doc) => void;
}

/**
 * "Update from incident": re-renders one section that the template fills from the incident
 * (action items edited beside the document, a new timeline event…) as a new version. Sections the
 * team writes are never offered; the previous text stays in History.
 */
export function RefreshSectionButton({ docId, flush, onApplied }: Props) {
  const [open, setOpen] = useState(false);
  const [sections, setSections] = useState<string[] | null>(null);
  const [section, setSection] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const selectId = useId();

  const start = async () => {
    setOpen(true);
    setSections(null);
    setError(null);
    try {
      await flush();
      const list = await documentsApi.refreshable(docId);
      setSections(list);
      setSection((cur) => (list.includes(cur) ? cur : list.find((s) => /action items|corrective actions/i.test(s)) ?? list[0] ?? ""));
    } catch (err) {
      setError(toAppError(err).message);
    }
  };

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      const d = await documentsApi.refresh(docId, section);
      onApplied(d);
      toast.success(`“${section}” updated from the incident (version ${d.version})`);
      setOpen(false);
    } catch (err) {
      setError(toAppError(err).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button onClick={() => void start()}>Update from incident</Button>
      <Dialog
        open={open}
        title="Update a section from the incident"
        onClose={() => !busy && setOpen(false)}
        actions={
          <>
            <Button variant="ghost" disabled={busy} onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button variant="primary" disabled={busy || !section} onClick={() => void apply()}>
              {busy ? "Updating…" : "Update section"}
            </Button>
          </>
        }
      >
        <p>
          The section is written again from what the incident holds now — for example action items edited beside the document.
          The rest of the document is not touched, and the previous text stays in History.
        </p>
        {sections === null && !error && <p className="mt-3">Reading the sections…</p>}
        {sections !== null && sections.length === 0 && <p className="mt-3">This document has no section filled from the incident.</p>}
        {sections !== null && sections.length > 0 && (
          <Field id={selectId} label="Section" className="mt-3">
            <Select id={selectId} value={section} disabled={busy} onChange={(e) => setSection(e.target.value)}>
              {sections.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {error && (
          <p role="alert" className="mt-3 text-red-700 dark:text-red-300">
            {error}
          </p>
        )}
      </Dialog>
    </>
  );
}
