import { useRef, useState, type FormEvent, type ReactNode, type RefObject } from "react";
import { Button } from "../../../components/ui/Button";
import { Field, Input, Select, labelClass } from "../../../components/ui/Field";
import type { KindInfo, Provider } from "../../../lib/api/providers";
import { toast } from "../../../lib/toast";
import {
  customFieldInfo,
  customFields,
  emptyForm,
  fromProvider,
  isNoModelList,
  keyLabel,
  plainMessage,
  sameValues,
  toInput,
  type FieldErrors,
  type FormValues,
  type KeyAction,
} from "./form";
import { useProviderModels, useSaveProvider, useTestProvider } from "./hooks";
import { TestOutcome } from "./TestOutcome";

interface ProviderFormProps {
  kinds: readonly KindInfo[];
  /** The stored provider; undefined for a new one. */
  provider: Provider | undefined;
  onSaved: (p: Provider, created: boolean) => void;
  onClose: () => void;
}

const errorText = "text-xs font-medium text-red-700 dark:text-red-300";

/** A field's hint and error, with ids for aria-describedby. */
function Notes({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  if (!hint && !error) return null;
  return (
    <>
      {hint && <span id={`${id}-hint`} className="block">{hint}</span>}
      {error && (
        <span id={`${id}-error`} className={`mt-0.5 block ${errorText}`}>
          {error}
        </span>
      )}
    </>
  );
}

const describedBy = (id: string, hint: unknown, error: string | undefined) =>
  [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

/**
 * The add/edit form of one provider. The API key is never prefilled and never held in React
 * state: it stays in the uncontrolled password input until submit, which clears it on success.
 */
export function ProviderForm({ kinds, provider, onSaved, onClose }: ProviderFormProps) {
  const isNew = provider === undefined;
  const [values, setValues] = useState<FormValues>(() => (provider ? fromProvider(provider) : emptyForm(kinds[0]?.kind ?? "openai")));
  const [keyAction, setKeyAction] = useState<KeyAction>(provider?.keySet ? "keep" : "optional");
  const [keyTyped, setKeyTyped] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const keyRef = useRef<HTMLInputElement>(null);
  const save = useSaveProvider();
  const test = useTestProvider();
  const models = useProviderModels(provider?.id);

  const kind = kinds.find((k) => k.kind === values.kind);
  const set = (patch: Partial<FormValues>) => setValues((v) => ({ ...v, ...patch }));
  const dirty = isNew || !sameValues(values, fromProvider(provider)) || keyAction === "clear" || keyTyped;

  const conflict = save.error?.code === "conflict" ? plainMessage(save.error.message) : undefined;
  const nameError = errors.name ?? conflict;
  const formError = save.error && save.error.code !== "conflict" ? plainMessage(save.error.message) : undefined;

  const resetKey = (action: KeyAction) => {
    if (keyRef.current) keyRef.current.value = "";
    setKeyTyped(false);
    setKeyAction(action);
    setErrors((e) => ({ ...e, apiKey: undefined }));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (save.isPending) return;
    save.reset();
    const checked = toInput(values, kind, keyAction, keyRef.current?.value ?? "");
    setErrors(checked.errors);
    if (Object.keys(checked.errors).length > 0) return;
    save.mutate(
      { id: provider?.id, input: checked.input },
      {
        onSuccess: (p) => {
          // The key leaves the page's memory: the input is emptied and the finished mutation
          // (whose variables held it) is dropped.
          if (keyRef.current) keyRef.current.value = "";
          save.reset();
          setKeyTyped(false);
          setKeyAction(p.keySet ? "keep" : "optional");
          setValues(fromProvider(p));
          test.reset();
          toast.success(isNew ? `Added ${p.name}` : `Saved ${p.name}`);
          onSaved(p, isNew);
        },
      },
    );
  };

  const title = isNew ? "Add an AI provider" : `Edit ${provider.name}`;
  const modelsNote = models.error
    ? isNoModelList(models.error.message)
      ? "This provider has no model list; type the model id."
      : plainMessage(models.error.message)
    : models.data && models.data.length === 0
      ? "The provider listed no models; type the model id."
      : undefined;

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={isNew ? "New AI provider" : `Edit provider ${provider.name}`}
      className="space-y-5 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h3 className="text-base font-semibold">{title}</h3>

      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Field id="provider-name" label="Name" hint={<Notes id="provider-name" error={nameError} />}>
          <Input
            id="provider-name"
            value={values.name}
            onChange={(e) => set({ name: e.target.value })}
            autoComplete="off"
            maxLength={100}
            placeholder="e.g. Team OpenAI"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={describedBy("provider-name", undefined, nameError)}
            autoFocus
          />
        </Field>
        <Field id="provider-kind" label="Kind" hint={kind?.help ? <Notes id="provider-kind" hint={kind.help} /> : undefined}>
          <Select
            id="provider-kind"
            value={values.kind}
            onChange={(e) => set({ kind: e.target.value })}
            aria-describedby={describedBy("provider-kind", kind?.help, undefined)}
          >
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id="provider-base-url"
          label={kind?.needsBaseUrl ? "Base URL (required)" : "Base URL"}
          className="md:col-span-2"
          hint={
            <Notes
              id="provider-base-url"
              hint={kind?.defaultBaseUrl ? `Empty: ${kind.defaultBaseUrl}` : "The endpoint of your server or resource."}
            />
          }
        >
          <Input
            id="provider-base-url"
            type="url"
            inputMode="url"
            value={values.baseUrl}
            onChange={(e) => set({ baseUrl: e.target.value })}
            placeholder={kind?.defaultBaseUrl || "https://…"}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="provider-base-url-hint"
          />
        </Field>

        <div className="md:col-span-2">
          <label htmlFor="provider-model" className={labelClass}>
            {values.kind === "azure-openai" ? "Model (deployment name)" : "Model"}
          </label>
          <div className="mt-1 flex flex-wrap gap-2">
            <Input
              id="provider-model"
              className="min-w-48 flex-1"
              value={values.model}
              onChange={(e) => set({ model: e.target.value })}
              placeholder={kind?.modelHint || "model id"}
              autoComplete="off"
              spellCheck={false}
              aria-describedby="provider-model-hint"
            />
            <Button
              onClick={() => void models.refetch()}
              disabled={isNew || models.isFetching}
              aria-busy={models.isFetching}
              aria-describedby="provider-model-hint"
            >
              {models.isFetching ? "Loading models…" : "Load models"}
            </Button>
          </div>
          {models.data && models.data.length > 0 && (
            <Select
              aria-label="Loaded models"
              className="mt-2"
              value={models.data.some((m) => m.id === values.model) ? values.model : ""}
              onChange={(e) => e.target.value && set({ model: e.target.value })}
            >
              <option value="">
                Choose one of {models.data.length} {models.data.length === 1 ? "model" : "models"}…
              </option>
              {models.data.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name && m.name !== m.id ? `${m.name} (${m.id})` : m.id}
                </option>
              ))}
            </Select>
          )}
          <p id="provider-model-hint" className="mt-1 text-xs text-slate-500 dark:text-slate-400">
            {isNew
              ? "Save the provider first to load its list of models."
              : dirty
                ? "The list is loaded with the saved settings."
                : "Type the model id, or load the provider's list and pick one."}
          </p>
          {modelsNote && (
            <p role="status" className={`mt-1 ${models.error && !isNoModelList(models.error.message) ? errorText : "text-xs text-amber-800 dark:text-amber-300"}`}>
              {modelsNote}
            </p>
          )}
        </div>

        <div className="md:col-span-2">
          <KeyField
            action={keyAction}
            provider={provider}
            keyOptional={kind?.keyOptional ?? true}
            inputRef={keyRef}
            error={errors.apiKey}
            onTyped={setKeyTyped}
            onAction={(a) => resetKey(a)}
          />
        </div>
      </div>

      <fieldset className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-sm font-semibold">Request settings</legend>
        <Field
          id="provider-temperature"
          label="Temperature"
          hint={<Notes id="provider-temperature" hint="0 to 2; empty: provider default" error={errors.temperature} />}
        >
          <Input
            id="provider-temperature"
            type="number"
            inputMode="decimal"
            min={0}
            max={2}
            step={0.1}
            value={values.temperature}
            onChange={(e) => set({ temperature: e.target.value })}
            placeholder="Default"
            aria-invalid={errors.temperature ? true : undefined}
            aria-describedby={describedBy("provider-temperature", true, errors.temperature)}
          />
        </Field>
        <Field id="provider-max-tokens" label="Max tokens" hint={<Notes id="provider-max-tokens" hint="Per answer; empty: provider default" error={errors.maxTokens} />}>
          <Input
            id="provider-max-tokens"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={values.maxTokens}
            onChange={(e) => set({ maxTokens: e.target.value })}
            placeholder="Default"
            aria-invalid={errors.maxTokens ? true : undefined}
            aria-describedby={describedBy("provider-max-tokens", true, errors.maxTokens)}
          />
        </Field>
        <Field
          id="provider-context"
          label="Context window"
          hint={<Notes id="provider-context" hint="Tokens; empty: 8192" error={errors.contextWindow} />}
        >
          <Input
            id="provider-context"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={values.contextWindow}
            onChange={(e) => set({ contextWindow: e.target.value })}
            placeholder="8192"
            aria-invalid={errors.contextWindow ? true : undefined}
            aria-describedby={describedBy("provider-context", true, errors.contextWindow)}
          />
        </Field>
        {kind?.needsVersion && (
          <Field id="provider-api-version" label="API version" hint={<Notes id="provider-api-version" hint="For example 2024-10-21" />}>
            <Input
              id="provider-api-version"
              value={values.apiVersion}
              onChange={(e) => set({ apiVersion: e.target.value })}
              placeholder="2024-10-21"
              autoComplete="off"
              spellCheck={false}
              aria-describedby="provider-api-version-hint"
            />
          </Field>
        )}
      </fieldset>

      {values.kind === "custom" && (
        <fieldset className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <legend className="mb-1 text-sm font-semibold">Request and response format</legend>
          <p className="text-xs text-slate-600 md:col-span-2 dark:text-slate-400">
            Field paths are dot-separated, with numbers for list items (choices.0.message.content).
          </p>
          {customFields.map((f) => {
            const id = `provider-custom-${f}`;
            const info = customFieldInfo[f];
            return (
              <Field key={f} id={id} label={info.label} hint={<Notes id={id} hint={info.hint} />}>
                <Input
                  id={id}
                  value={values.custom[f]}
                  onChange={(e) => set({ custom: { ...values.custom, [f]: e.target.value } })}
                  placeholder={info.placeholder}
                  autoComplete="off"
                  spellCheck={false}
                  className="font-mono"
                  aria-describedby={`${id}-hint`}
                />
              </Field>
            );
          })}
        </fieldset>
      )}

      {formError && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          <span className="font-semibold">Not saved: </span>
          {formError}
        </p>
      )}

      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending || !dirty} aria-busy={save.isPending}>
          {isNew ? "Add provider" : "Save provider"}
        </Button>
        {provider && (
          <Button onClick={() => test.mutate(provider.id)} disabled={test.isPending} aria-busy={test.isPending}>
            Test connection
          </Button>
        )}
        <Button variant="ghost" onClick={onClose}>
          {isNew || dirty ? "Cancel" : "Close"}
        </Button>
        {provider && dirty && <span className="text-sm text-slate-600 dark:text-slate-400">Unsaved changes: the test uses the saved settings</span>}
      </div>
      {(test.isPending || test.data || test.error) && <TestOutcome result={test.data} error={test.error} pending={test.isPending} />}
    </form>
  );
}

interface KeyFieldProps {
  action: KeyAction;
  provider: Provider | undefined;
  keyOptional: boolean;
  inputRef: RefObject<HTMLInputElement | null>;
  error: string | undefined;
  onTyped: (typed: boolean) => void;
  onAction: (a: KeyAction) => void;
}

/** The API key: a password input that is never prefilled, or the stored key's state. */
function KeyField({ action, provider, keyOptional, inputRef, error, onTyped, onAction }: KeyFieldProps) {
  const stored = provider?.keySet ? keyLabel(provider) : "";
  if (action === "keep" || action === "clear") {
    return (
      <div role="group" aria-labelledby="provider-key-label">
        <span id="provider-key-label" className={labelClass}>
          API key
        </span>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          {action === "keep" ? (
            <>
              <span data-testid="provider-key-state" className="rounded-md bg-slate-100 px-2.5 py-1.5 font-mono text-sm dark:bg-slate-800">
                {stored}
              </span>
              <Button onClick={() => onAction("replace")}>Replace key</Button>
              <Button variant="ghost" className="text-red-700! dark:text-red-300!" onClick={() => onAction("clear")}>
                Clear key
              </Button>
            </>
          ) : (
            <>
              <span data-testid="provider-key-state" className="text-sm text-amber-800 dark:text-amber-300">
                The stored key will be removed when you save.
              </span>
              <Button variant="ghost" onClick={() => onAction("keep")}>
                Keep the key
              </Button>
            </>
          )}
        </div>
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Keys are stored encrypted and never shown again.</p>
      </div>
    );
  }
  const replacing = action === "replace";
  const hint = replacing
    ? provider?.keyHint
      ? `Replaces the stored key (…${provider.keyHint}) when you save.`
      : "Replaces the stored key when you save."
    : `${keyOptional ? "Optional: local servers often need none. " : ""}Stored encrypted and never shown again.`;
  return (
    <Field id="provider-key" label={replacing ? "New API key" : "API key"} hint={<Notes id="provider-key" hint={hint} error={error} />}>
      <div className="flex flex-wrap gap-2">
        <Input
          id="provider-key"
          ref={inputRef}
          type="password"
          className="min-w-48 flex-1 font-mono"
          defaultValue=""
          autoComplete="new-password"
          spellCheck={false}
          autoFocus={replacing}
          onInput={(e) => onTyped(e.currentTarget.value !== "")}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy("provider-key", true, error)}
        />
        {replacing && (
          <Button variant="ghost" onClick={() => onAction("keep")}>
            Keep the stored key
          </Button>
        )}
      </div>
    </Field>
  );
}
