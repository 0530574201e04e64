import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Button } from "../../components/ui/Button";
import { Field, Input, Select } from "../../components/ui/Field";
import { ErrorNotice, Loading, PageHeader } from "../../components/ui/States";
import { useMeta, useSettings } from "../../lib/api/hooks";
import { queryKeys } from "../../lib/api/queryKeys";
import type { Meta, SecurityInfo, Settings } from "../../lib/api/types";
import { applyTheme, normalizeTheme } from "../../lib/theme";
import { toast } from "../../lib/toast";
import { useSecurityInfo, useUpdateSettings } from "./hooks";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { DomainOptions, SeverityOptions } from "../../components/ui/Options";
import { GlobalAllowlist, PrivacyForm } from "./PrivacySettings";
import { ProvidersSection } from "./providers/ProvidersSection";
import { ConfluenceSection } from "./confluence/ConfluenceSection";

export function SettingsPage() {
  useDocumentTitle("Settings");
  const settings = useSettings();
  const meta = useMeta();
  const security = useSecurityInfo();
  return (
    <div className="max-w-3xl space-y-10">
      <PageHeader title="Settings" />
      <section aria-labelledby="general-heading">
        <h2 id="general-heading" className="mb-4 text-lg font-semibold">
          General
        </h2>
        <WithSettings settings={settings} meta={meta}>
          {(saved, m) => <GeneralForm saved={saved} meta={m} />}
        </WithSettings>
      </section>
      <section aria-labelledby="privacy-heading">
        <h2 id="privacy-heading" className="mb-4 text-lg font-semibold">
          Privacy
        </h2>
        <WithSettings settings={settings} meta={meta}>
          {(saved, m) => <PrivacyForm saved={saved} types={m.piiTypes ?? []} />}
        </WithSettings>
        <h3 className="mt-6 mb-2 text-base font-semibold">Allowed everywhere</h3>
        <GlobalAllowlist types={meta.data?.piiTypes} />
      </section>
      <section aria-labelledby="providers-heading">
        <h2 id="providers-heading" className="mb-4 text-lg font-semibold">
          AI providers
        </h2>
        <ProvidersSection />
      </section>
      <section aria-labelledby="confluence-heading">
        <h2 id="confluence-heading" className="mb-4 text-lg font-semibold">
          Confluence
        </h2>
        <ConfluenceSection />
      </section>
      <section aria-labelledby="security-heading">
        <h2 id="security-heading" className="mb-4 text-lg font-semibold">
          Security
        </h2>
        {security.error ? (
          <ErrorNotice error={security.error} />
        ) : security.data ? (
          <SecurityDetails info={security.data} />
        ) : (
          <Loading />
        )}
      </section>
    </div>
  );
}

/** WithSettings renders its form once both the settings and the metadata are loaded. */
function WithSettings({
  settings,
  meta,
  children,
}: {
  settings: ReturnType<typeof useSettings>;
  meta: ReturnType<typeof useMeta>;
  children: (saved: Settings, meta: Meta) => ReactNode;
}) {
  if (settings.error) return <ErrorNotice error={settings.error} />;
  if (meta.error) return <ErrorNotice error={meta.error} />;
  if (settings.data && meta.data) return <>{children(settings.data, meta.data)}</>;
  return <Loading />;
}

function GeneralForm({ saved, meta }: { saved: Settings; meta: Meta }) {
  const qc = useQueryClient();
  const update = useUpdateSettings();
  const [values, setValues] = useState<Settings>(() => ({ ...saved }));
  const set = (patch: Partial<Settings>) => setValues((v) => ({ ...v, ...patch }));

  // The theme is previewed as soon as it is picked; leaving without saving restores the saved one.
  useEffect(() => {
    applyTheme(values.theme);
  }, [values.theme]);
  useEffect(
    () => () => {
      applyTheme(qc.getQueryData<Settings>(queryKeys.settings)?.theme);
    },
    [qc],
  );

  const dirty =
    values.theme !== saved.theme ||
    values.defaultSeverity !== saved.defaultSeverity ||
    values.defaultDomain !== saved.defaultDomain ||
    values.defaultAssignee !== saved.defaultAssignee;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (update.isPending) return;
    update.reset();
    // Only this form's fields: other sections (Privacy) save theirs separately.
    const { theme, defaultSeverity, defaultDomain, defaultAssignee } = values;
    update.mutate({ ...saved, theme, defaultSeverity, defaultDomain, defaultAssignee }, {
      onSuccess: (s) => {
        setValues({ ...s });
        toast.success("Settings saved");
      },
    });
  };

  const domains = values.defaultDomain && !meta.domains.includes(values.defaultDomain) ? [values.defaultDomain, ...meta.domains] : meta.domains;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="General settings">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
        <Field id="settings-theme" label="Theme">
          <Select id="settings-theme" value={normalizeTheme(values.theme)} onChange={(e) => set({ theme: e.target.value })}>
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </Select>
        </Field>
        <Field id="settings-severity" label="Default severity">
          <Select id="settings-severity" value={values.defaultSeverity} onChange={(e) => set({ defaultSeverity: e.target.value })}>
            <SeverityOptions severities={meta.severities} />
          </Select>
        </Field>
        <Field id="settings-domain" label="Default domain">
          <Select id="settings-domain" value={values.defaultDomain} onChange={(e) => set({ defaultDomain: e.target.value })}>
            <DomainOptions domains={domains} />
          </Select>
        </Field>
        <Field id="settings-assignee" label="Default assignee">
          <Input
            id="settings-assignee"
            value={values.defaultAssignee}
            onChange={(e) => set({ defaultAssignee: e.target.value })}
            autoComplete="off"
          />
        </Field>
      </div>
      {update.error && (
        <p
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {update.error.message}
        </p>
      )}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={update.isPending || !dirty} aria-busy={update.isPending}>
          Save settings
        </Button>
        {dirty && <span className="text-sm text-slate-600 dark:text-slate-400">Unsaved changes</span>}
      </div>
    </form>
  );
}

const keySourceText: Record<string, string> = {
  env: "Passphrase from TFTSR_DB_KEY",
  keyring: "Random 256-bit key in the OS keyring",
  keyfile: "Random 256-bit key in a key file (no OS keyring was available)",
};

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 px-4 py-3 sm:grid-cols-[12rem_1fr]">
      <dt className="text-sm font-medium text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="text-sm break-all">{children}</dd>
    </div>
  );
}

const warn = "rounded-md border border-amber-300 bg-amber-50 px-2 py-1 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200";
const bad = "font-semibold text-red-700 dark:text-red-300";

function SecurityDetails({ info }: { info: SecurityInfo }) {
  const audit = info.audit;
  return (
    <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      <Row label="Database key">
        <span className={info.keySource === "keyfile" ? warn : ""}>{keySourceText[info.keySource] ?? info.keySource}</span>
        {info.keySource === "keyfile" && info.keyfilePath && (
          <span className={`mt-2 block font-mono text-xs ${warn}`}>Key file: {info.keyfilePath}</span>
        )}
      </Row>
      <Row label="Encrypted">
        {info.encrypted ? "Yes" : <span className={bad}>No — the database is not encrypted</span>}
      </Row>
      <Row label="Data directory">
        <span className="font-mono text-xs">{info.dataDir}</span>
      </Row>
      <Row label="Database file">
        <span className="font-mono text-xs">{info.dbPath}</span>
      </Row>
      <Row label="Schema version">
        {info.schemaVersion}
        {info.schemaDirty && (
          <span className={`ml-2 ${warn}`}>A migration did not finish: the schema is marked dirty</span>
        )}
      </Row>
      <Row label="Audit log">
        {audit.ok ? (
          <span className="text-emerald-700 dark:text-emerald-300">Verified: {audit.entries} entries</span>
        ) : (
          <span className={bad}>
            Broken at entry #{audit.brokenAtSeq}: {audit.reason}
          </span>
        )}
      </Row>
    </dl>
  );
}
