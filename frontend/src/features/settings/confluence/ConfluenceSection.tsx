import { useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from "react";
import { Button } from "../../../components/ui/Button";
import { Dialog } from "../../../components/ui/Dialog";
import { Field, Input, labelClass } from "../../../components/ui/Field";
import { ErrorNotice, Loading } from "../../../components/ui/States";
import type { ConfluenceCheck, ConfluenceSettings } from "../../../lib/api/confluence";
import type { AppError } from "../../../lib/api/errors";
import { formatDateTime } from "../../../lib/format";
import { toast } from "../../../lib/toast";
import {
  connectedText,
  deployments,
  emptyForm,
  fromSettings,
  plainMessage,
  problemOf,
  sameValues,
  storedTokenUsable,
  toInput,
  tokenLabels,
  tokenStateLabel,
  type Field as FieldName,
  type FieldErrors,
  type FormValues,
} from "./form";
import { useClearConfluence, useConfluenceSettings, useSaveConfluence, useTestConfluence } from "./hooks";

const errorText = "text-xs font-medium text-red-700 dark:text-red-300";
const okBox = "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100";
const failBox = "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100";

/** Settings → Confluence: where documents are published. */
export function ConfluenceSection() {
  const settings = useConfluenceSettings();
  return (
    <>
      <div className="mb-4 space-y-2 text-sm text-slate-600 dark:text-slate-400">
        <p>Publish RCAs and post-mortems to a Confluence space with one button, and update the same page when you publish again.</p>
        <p>
          Saving checks the connection first: the settings are stored only when Confluence accepts them. The token is stored encrypted
          and is never shown again.
        </p>
      </div>
      {settings.error ? <ErrorNotice error={settings.error} /> : !settings.data ? <Loading /> : <ConfluenceForm saved={settings.data} />}
    </>
  );
}

/** A field's hint and error, with ids for aria-describedby. */
function Notes({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  if (!hint && !error) return null;
  return (
    <>
      {hint && (
        <span id={`${id}-hint`} className="block">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} data-testid={`${id}-error`} className={`mt-0.5 block ${errorText}`}>
          {error}
        </span>
      )}
    </>
  );
}

const describedBy = (id: string, hint: unknown, error: string | undefined) =>
  [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

/**
 * The form. The token is never prefilled and never held in React state: it stays in the
 * uncontrolled password input until Save, which empties it once the settings are stored.
 */
function ConfluenceForm({ saved }: { saved: ConfluenceSettings }) {
  const [values, setValues] = useState<FormValues>(() => fromSettings(saved));
  // "replace" only when the user asked to replace a stored token that could be kept.
  const [replacing, setReplacing] = useState(false);
  const [tokenTyped, setTokenTyped] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirmRemove, setConfirmRemove] = useState(false);
  // The last successful check (save or test), shown until the next attempt.
  const [connected, setConnected] = useState<ConfluenceCheck | null>(null);
  const tokenRef = useRef<HTMLInputElement>(null);
  const save = useSaveConfluence();
  const test = useTestConfluence();
  const clear = useClearConfluence();

  const usable = storedTokenUsable(saved, values);
  const tokenAction = !usable ? "required" : replacing ? "replace" : "keep";
  const dirty = !saved.configured || !sameValues(values, fromSettings(saved)) || tokenAction !== "keep" || tokenTyped;

  // The backend's refusal, at the field it is about when that is clear.
  const problem = save.error ? problemOf(save.error) : undefined;
  const fieldError = (f: FieldName) => errors[f] ?? (problem?.field === f ? problem.message : undefined);
  const formError = problem && !problem.field ? problem.message : undefined;

  const set = (patch: Partial<FormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    const changed = new Set(Object.keys(patch));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([f]) => !changed.has(f))) as FieldErrors);
  };

  const resetToken = (replace: boolean) => {
    if (tokenRef.current) tokenRef.current.value = "";
    setTokenTyped(false);
    setReplacing(replace);
    setErrors((e) => ({ ...e, token: undefined }));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (save.isPending) return;
    save.reset();
    test.reset();
    setConnected(null);
    const checked = toInput(values, tokenAction, tokenRef.current?.value ?? "");
    setErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) return;
    save.mutate(checked.input, {
      onSuccess: (check) => {
        // The token leaves the page's memory: the input is emptied; the finished mutation (whose
        // variables held it) is dropped once its result is copied out.
        if (tokenRef.current) tokenRef.current.value = "";
        setTokenTyped(false);
        setReplacing(false);
        setValues(fromSettings(check.settings));
        setConnected(check);
        save.reset();
        toast.success("Confluence settings saved");
      },
    });
  };
  const checking = save.isPending || test.isPending;

  const ids = {
    baseUrl: "confluence-base-url",
    email: "confluence-email",
    token: "confluence-token",
    spaceKey: "confluence-space",
    parentId: "confluence-parent",
  };
  const cloud = values.deployment === "cloud";

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Confluence settings"
      aria-busy={checking || undefined}
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p data-testid="confluence-state" className="text-sm">
          {saved.configured ? (
            <>
              <span className="font-semibold text-emerald-800 dark:text-emerald-300">Configured</span>
              <span className="text-slate-600 dark:text-slate-400">
                {" "}
                · {saved.deployment === "datacenter" ? "Data Center" : "Cloud"} · space {saved.spaceKey}
                {saved.updatedAt ? ` · saved ${formatDateTime(saved.updatedAt)}` : ""}
              </span>
            </>
          ) : (
            <span className="text-slate-600 dark:text-slate-400">Not configured: documents cannot be published yet.</span>
          )}
        </p>
      </div>

      <fieldset>
        <legend className={labelClass}>Deployment</legend>
        <div className="mt-1 grid grid-cols-1 gap-2 sm:grid-cols-2">
          {deployments.map((d) => (
            <label
              key={d.value}
              className={`flex cursor-pointer items-start gap-2 rounded-md border px-3 py-2 text-sm ${
                values.deployment === d.value
                  ? "border-blue-500 bg-blue-50 dark:border-blue-400 dark:bg-blue-950/40"
                  : "border-slate-300 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800"
              }`}
            >
              <input
                type="radio"
                name="confluence-deployment"
                value={d.value}
                checked={values.deployment === d.value}
                onChange={() => set({ deployment: d.value })}
                className="mt-0.5"
                aria-describedby={`confluence-deployment-${d.value}-help`}
              />
              <span>
                <span className="font-medium">{d.label}</span>
                <span id={`confluence-deployment-${d.value}-help`} className="block text-xs text-slate-500 dark:text-slate-400">
                  {d.help}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Field
          id={ids.baseUrl}
          label="Base URL"
          className="md:col-span-2"
          hint={
            <Notes
              id={ids.baseUrl}
              hint={cloud ? "Your site, e.g. https://acme.atlassian.net (a pasted page address works too)." : "The address of your Confluence, with its context path if it has one, e.g. https://wiki.example.com/confluence."}
              error={fieldError("baseUrl")}
            />
          }
        >
          <Input
            id={ids.baseUrl}
            type="url"
            inputMode="url"
            value={values.baseUrl}
            onChange={(e) => set({ baseUrl: e.target.value })}
            placeholder={cloud ? "https://acme.atlassian.net" : "https://wiki.example.com"}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={fieldError("baseUrl") ? true : undefined}
            aria-describedby={describedBy(ids.baseUrl, true, fieldError("baseUrl"))}
          />
        </Field>

        {cloud && (
          <Field id={ids.email} label="Email" hint={<Notes id={ids.email} hint="Atlassian account email and an API token from id.atlassian.com." error={fieldError("email")} />}>
            <Input
              id={ids.email}
              type="email"
              value={values.email}
              onChange={(e) => set({ email: e.target.value })}
              placeholder="you@example.com"
              autoComplete="off"
              spellCheck={false}
              aria-invalid={fieldError("email") ? true : undefined}
              aria-describedby={describedBy(ids.email, true, fieldError("email"))}
            />
          </Field>
        )}
        <div className={cloud ? "" : "md:col-span-2"}>
          <TokenField
            id={ids.token}
            label={tokenLabels[values.deployment]}
            saved={saved}
            usable={usable}
            replacing={replacing}
            cloud={cloud}
            inputRef={tokenRef}
            error={fieldError("token")}
            onTyped={setTokenTyped}
            onReplace={resetToken}
          />
        </div>

        <Field
          id={ids.spaceKey}
          label="Space key"
          hint={<Notes id={ids.spaceKey} hint="The short key in the space's address (…/spaces/OPS/…)." error={fieldError("spaceKey")} />}
        >
          <Input
            id={ids.spaceKey}
            value={values.spaceKey}
            onChange={(e) => set({ spaceKey: e.target.value })}
            placeholder="OPS"
            autoComplete="off"
            spellCheck={false}
            maxLength={255}
            className="font-mono"
            aria-invalid={fieldError("spaceKey") ? true : undefined}
            aria-describedby={describedBy(ids.spaceKey, true, fieldError("spaceKey"))}
          />
        </Field>
        <Field
          id={ids.parentId}
          label="Parent page id (optional)"
          hint={
            <Notes
              id={ids.parentId}
              hint="New pages go under this page; empty: the space's top level. A pasted page address works too."
              error={fieldError("parentId")}
            />
          }
        >
          <Input
            id={ids.parentId}
            value={values.parentId}
            onChange={(e) => set({ parentId: e.target.value })}
            placeholder="123456"
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            aria-invalid={fieldError("parentId") ? true : undefined}
            aria-describedby={describedBy(ids.parentId, true, fieldError("parentId"))}
          />
        </Field>
      </div>

      {problem && (
        <p role="alert" data-testid="confluence-save-error" className={`rounded-md border px-3 py-2 text-sm ${failBox}`}>
          <span className="font-semibold">Not saved: </span>
          {formError ?? "see the marked field. Nothing was stored."}
        </p>
      )}

      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" disabled={checking || !dirty} aria-busy={save.isPending}>
          Save
        </Button>
        {saved.configured && (
          <>
            <Button
              onClick={() => {
                save.reset();
                setConnected(null);
                test.mutate(undefined, { onSuccess: (check) => setConnected(check) });
              }}
              disabled={checking}
              aria-busy={test.isPending}
            >
              Test connection
            </Button>
            <Button
              variant="ghost"
              className="text-red-700! dark:text-red-300!"
              onClick={() => {
                clear.reset();
                setConfirmRemove(true);
              }}
              disabled={checking}
            >
              Remove
            </Button>
          </>
        )}
        {saved.configured && dirty && !checking && (
          <span className="text-sm text-slate-600 dark:text-slate-400">Unsaved changes: Test connection uses the saved settings</span>
        )}
      </div>

      <Outcome pending={save.isPending ? "save" : test.isPending ? "test" : null} connected={connected ?? undefined} testError={test.error} />

      <Dialog
        open={confirmRemove}
        title="Remove the Confluence settings?"
        onClose={() => setConfirmRemove(false)}
        actions={
          <>
            <Button onClick={() => setConfirmRemove(false)} autoFocus>
              Cancel
            </Button>
            <Button
              variant="danger"
              disabled={clear.isPending}
              aria-busy={clear.isPending}
              onClick={() =>
                clear.mutate(undefined, {
                  onSuccess: () => {
                    setConfirmRemove(false);
                    setConnected(null);
                    save.reset();
                    test.reset();
                    resetToken(false);
                    setValues(emptyForm());
                    setErrors({});
                    toast.success("Confluence settings removed");
                  },
                })
              }
            >
              Remove
            </Button>
          </>
        }
      >
        <p>
          The address, space and token are deleted from this machine. Documents keep the links to pages already published; publishing
          again needs new settings. Nothing is changed in Confluence.
        </p>
        {clear.error && (
          <p role="alert" className="mt-3 font-medium text-red-700 dark:text-red-300">
            Not removed: {plainMessage(clear.error.message)}
          </p>
        )}
      </Dialog>
    </form>
  );
}

/** The connection check: in progress, its success, or why Test connection failed. */
function Outcome({ pending, connected, testError }: { pending: "save" | "test" | null; connected?: ConfluenceCheck; testError: AppError | null }) {
  if (pending) {
    return (
      <p role="status" data-testid="confluence-checking" className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
        <span aria-hidden="true" className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" />
        Checking the connection…
      </p>
    );
  }
  if (testError) {
    return (
      <div role="status" data-testid="confluence-result" data-ok="false" className={`rounded-md border px-3 py-2 text-sm ${failBox}`}>
        <p className="break-words">
          <span aria-hidden="true" className="mr-1.5 font-bold">
            ✗
          </span>
          <span className="font-semibold">Test failed. </span>
          {plainMessage(testError.message)}
        </p>
      </div>
    );
  }
  if (!connected) return null;
  return (
    <div role="status" data-testid="confluence-result" data-ok="true" className={`rounded-md border px-3 py-2 text-sm ${okBox}`}>
      <p className="break-words">
        <span aria-hidden="true" className="mr-1.5 font-bold">
          ✓
        </span>
        {connectedText(connected)}
      </p>
    </div>
  );
}

interface TokenFieldProps {
  id: string;
  label: string;
  saved: ConfluenceSettings;
  /** The stored token can be kept with the current deployment. */
  usable: boolean;
  replacing: boolean;
  cloud: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  error: string | undefined;
  onTyped: (typed: boolean) => void;
  onReplace: (replace: boolean) => void;
}

/** The token: the stored one's state with Replace, or a password input that is never prefilled. */
function TokenField({ id, label, saved, usable, replacing, cloud, inputRef, error, onTyped, onReplace }: TokenFieldProps) {
  const labelId = useId();
  if (usable && !replacing) {
    return (
      <div role="group" aria-labelledby={labelId}>
        <span id={labelId} className={labelClass}>
          {label}
        </span>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <span data-testid="confluence-token-state" className="rounded-md bg-slate-100 px-2.5 py-1.5 font-mono text-sm dark:bg-slate-800">
            {tokenStateLabel(saved)}
          </span>
          <Button onClick={() => onReplace(true)}>Replace token</Button>
        </div>
        {error ? (
          <p id={`${id}-error`} data-testid={`${id}-error`} className={`mt-1 ${errorText}`}>
            {error}
          </p>
        ) : (
          <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Stored encrypted; never shown again.</p>
        )}
      </div>
    );
  }
  const otherKind = saved.tokenSet && !usable && saved.configured;
  const hint = replacing
    ? `Replaces the stored token${saved.tokenHint ? ` (…${saved.tokenHint})` : ""} if the connection check passes.`
    : otherKind
      ? `The stored token is for ${saved.deployment === "datacenter" ? "Data Center" : "Cloud"}: type ${cloud ? "an API token" : "a personal access token"}.`
      : cloud
        ? "Create one at id.atlassian.com → Security → API tokens. Stored encrypted."
        : "Create one in Confluence: your profile → Personal Access Tokens. Stored encrypted.";
  return (
    <Field id={id} label={replacing ? `New ${label.toLowerCase()}` : label} hint={<Notes id={id} hint={hint} error={error} />}>
      <div className="flex flex-wrap gap-2">
        <Input
          id={id}
          ref={inputRef}
          type="password"
          className="min-w-48 flex-1 font-mono"
          defaultValue=""
          autoComplete="new-password"
          spellCheck={false}
          autoFocus={replacing}
          onInput={(e) => onTyped(e.currentTarget.value !== "")}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, true, error)}
        />
        {replacing && (
          <Button variant="ghost" onClick={() => onReplace(false)}>
            Keep the stored token
          </Button>
        )}
      </div>
    </Field>
  );
}
