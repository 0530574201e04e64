import { capitalize } from "../../lib/labels";

/** The <option>s of a severity select, in the backend's order. */
export function SeverityOptions({ severities }: { severities: readonly string[] }) {
  return severities.map((s) => (
    <option key={s} value={s}>
      {capitalize(s)}
    </option>
  ));
}

/** The <option>s of a domain select, with "None" first (an incident may have no domain). */
export function DomainOptions({ domains }: { domains: readonly string[] }) {
  return (
    <>
      <option value="">None</option>
      {domains.map((d) => (
        <option key={d} value={d}>
          {d}
        </option>
      ))}
    </>
  );
}
