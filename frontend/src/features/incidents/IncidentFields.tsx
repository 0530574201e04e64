import { Field, Input, Select, Textarea } from "../../components/ui/Field";
import { TagInput } from "../../components/ui/TagInput";
import { charCount } from "../../lib/format";
import { addTags, parseTags } from "../../lib/tags";
import type { Meta } from "../../lib/api/types";
import { DomainOptions, SeverityOptions } from "../../components/ui/Options";

export const MAX_TITLE = 300;

export interface IncidentFormValues {
  title: string;
  description: string;
  severity: string;
  domain: string;
  assignedTo: string;
  tags: string[];
  /** Tag text typed but not yet turned into a chip. */
  pendingTag: string;
}

/** withPendingTags returns the tags including any text still in the tag box. */
export function withPendingTags(v: IncidentFormValues): string[] {
  return addTags(v.tags, parseTags(v.pendingTag));
}

/** clientProblem returns what must be fixed before sending, or null. */
export function clientProblem(v: IncidentFormValues): string | null {
  const n = charCount(v.title.trim());
  if (n === 0) return "Title is required.";
  if (n > MAX_TITLE) return `Title must be at most ${MAX_TITLE} characters (it has ${n}).`;
  return null;
}

interface Props {
  idPrefix: string;
  values: IncidentFormValues;
  onChange: (patch: Partial<IncidentFormValues>) => void;
  meta: Meta;
  disabled?: boolean;
}

export function IncidentFields({ idPrefix, values, onChange, meta, disabled }: Props) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const titleCount = charCount(values.title);
  const domains = values.domain && !meta.domains.includes(values.domain) ? [values.domain, ...meta.domains] : meta.domains;
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
      <Field
        id={id("title")}
        label="Title"
        className="md:col-span-2"
        hint={
          <span id={id("title-count")} className={titleCount > MAX_TITLE ? "font-semibold text-red-700 dark:text-red-300" : ""}>
            {titleCount}/{MAX_TITLE}
          </span>
        }
      >
        <Input
          id={id("title")}
          value={values.title}
          required
          aria-describedby={id("title-count")}
          aria-invalid={titleCount > MAX_TITLE || undefined}
          disabled={disabled}
          onChange={(e) => onChange({ title: e.target.value })}
          autoComplete="off"
        />
      </Field>
      <Field id={id("description")} label="Description" className="md:col-span-2">
        <Textarea
          id={id("description")}
          value={values.description}
          rows={6}
          disabled={disabled}
          onChange={(e) => onChange({ description: e.target.value })}
        />
      </Field>
      <Field id={id("severity")} label="Severity">
        <Select
          id={id("severity")}
          value={values.severity}
          disabled={disabled}
          onChange={(e) => onChange({ severity: e.target.value })}
        >
          <SeverityOptions severities={meta.severities} />
        </Select>
      </Field>
      <Field id={id("domain")} label="Domain">
        <Select id={id("domain")} value={values.domain} disabled={disabled} onChange={(e) => onChange({ domain: e.target.value })}>
          <DomainOptions domains={domains} />
        </Select>
      </Field>
      <Field id={id("assignee")} label="Assignee">
        <Input
          id={id("assignee")}
          value={values.assignedTo}
          disabled={disabled}
          onChange={(e) => onChange({ assignedTo: e.target.value })}
          autoComplete="off"
        />
      </Field>
      <Field id={id("tags")} label="Tags" hint={<span id={id("tags-hint")}>Press Enter or type a comma to add a tag.</span>}>
        <TagInput
          id={id("tags")}
          tags={values.tags}
          onChange={(tags) => onChange({ tags })}
          pending={values.pendingTag}
          onPendingChange={(pendingTag) => onChange({ pendingTag })}
          describedBy={id("tags-hint")}
          disabled={disabled}
        />
      </Field>
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
    >
      {message}
    </p>
  );
}
