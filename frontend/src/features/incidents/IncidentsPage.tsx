import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { SEARCH_INPUT_ID } from "../../components/layout/AppShell";
import { SeverityBadge, StatusBadge, TagChip } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Input, Select, controlClass, labelClass } from "../../components/ui/Field";
import { Highlight } from "../../components/ui/Highlight";
import { ErrorNotice, Loading, PageHeader } from "../../components/ui/States";
import { useMeta } from "../../lib/api/hooks";
import type { Issue, ListFilter, SearchHit, SortKey } from "../../lib/api/types";
import { formatDateTime, formatRelative, parseUtc } from "../../lib/format";
import { capitalize } from "../../lib/labels";
import { useDebouncedValue } from "../../lib/useDebouncedValue";
import { PAGE_SIZE, SEARCH_LIMIT, useIncidentList, useIncidentSearch } from "./hooks";
import { useDocumentTitle } from "../../lib/useDocumentTitle";

const sortOptions: { value: SortKey; label: string }[] = [
  { value: "updated", label: "Last updated" },
  { value: "created", label: "Created" },
  { value: "severity", label: "Severity" },
  { value: "title", label: "Title" },
  { value: "status", label: "Status" },
];

const fallbackSeverities = ["critical", "high", "medium", "low"];
const fallbackStatuses = ["open", "investigating", "resolved", "closed"];

function splitList(v: string | null): string[] {
  return v ? v.split(",").filter(Boolean) : [];
}

function isSortKey(v: string | null): v is SortKey {
  return sortOptions.some((o) => o.value === v);
}

/** The list's filter lives in the URL (#/incidents?status=open&page=2), so Back restores it. */
function useFilterParams() {
  const [params, setParams] = useSearchParams();
  const sortParam = params.get("sort");
  const filter: ListFilter = {
    status: splitList(params.get("status")),
    severity: splitList(params.get("severity")),
    domain: params.get("domain") ?? "",
    assignedTo: params.get("assignee") ?? "",
    tag: params.get("tag") ?? "",
    sort: isSortKey(sortParam) ? sortParam : "updated",
    desc: params.get("dir") !== "asc",
    limit: PAGE_SIZE,
    offset: (Math.max(1, Number(params.get("page")) || 1) - 1) * PAGE_SIZE,
  };
  const set = (changes: Record<string, string | null>, resetPage = true) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === "") next.delete(k);
          else next.set(k, v);
        }
        if (resetPage && !("page" in changes)) next.delete("page");
        return next;
      },
      { replace: true },
    );
  };
  return { params, filter, set };
}

/** A text input that reports its value after the user pauses typing. */
function DebouncedInput({
  id,
  value,
  onCommit,
  ...rest
}: { id: string; value: string; onCommit: (v: string) => void } & Omit<
  React.InputHTMLAttributes<HTMLInputElement>,
  "value" | "onChange"
>) {
  const [text, setText] = useState(value);
  const debounced = useDebouncedValue(text, 250);
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => {
    commit.current(debounced);
  }, [debounced]);
  return <Input id={id} value={text} onChange={(e) => setText(e.target.value)} {...rest} />;
}

export function IncidentsPage() {
  useDocumentTitle("Incidents");
  const meta = useMeta();
  const location = useLocation();
  const navigate = useNavigate();
  const { params, filter, set } = useFilterParams();
  const [query, setQuery] = useState(params.get("q") ?? "");
  const debouncedQuery = useDebouncedValue(query.trim(), 200);
  const searchRef = useRef<HTMLInputElement>(null);

  // Ctrl/Cmd+K from another page lands here asking for the search box.
  const focusSearch = (location.state as { focusSearch?: boolean } | null)?.focusSearch === true;
  useEffect(() => {
    if (focusSearch) {
      searchRef.current?.focus();
      void navigate({ search: location.search }, { replace: true, state: null });
    }
  }, [focusSearch, navigate, location.search]);

  // Keep the query in the URL so Back returns to the same results.
  const currentQ = params.get("q") ?? "";
  useEffect(() => {
    if (debouncedQuery !== currentQ) set({ q: debouncedQuery || null }, false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the debounced text drives this
  }, [debouncedQuery]);

  const searching = debouncedQuery !== "";
  const severities = meta.data?.severities ?? fallbackSeverities;
  const statuses = meta.data?.statuses ?? fallbackStatuses;

  return (
    <div>
      <PageHeader title="Incidents" />
      <div className="mb-4">
        <label htmlFor={SEARCH_INPUT_ID} className="sr-only">
          Search incidents
        </label>
        <input
          ref={searchRef}
          id={SEARCH_INPUT_ID}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search incidents (Ctrl+K)"
          autoComplete="off"
          className={`${controlClass} py-2 text-base`}
        />
      </div>
      {searching ? (
        <SearchResults query={debouncedQuery} />
      ) : (
        <>
          <Filters
            filter={filter}
            severities={severities}
            statuses={statuses}
            domains={meta.data?.domains ?? []}
            set={set}
          />
          <IncidentList filter={filter} set={set} />
        </>
      )}
    </div>
  );
}

function toggle(list: string[], v: string): string[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

function CheckboxGroup({
  legend,
  options,
  selected,
  onChange,
}: {
  legend: string;
  options: string[];
  selected: string[];
  onChange: (v: string[]) => void;
}) {
  // The filter lives in the URL, and the router applies a navigation in a transition: without a
  // local copy, React would put a controlled checkbox back for a moment after the click (a
  // visible flicker, and a click that "did not change its state" to a test). The local copy
  // holds the toggled value until the URL catches up; when the URL changes it wins again.
  const key = selected.join("\u0000");
  const [local, setLocal] = useState({ key, value: selected });
  const shown = local.key === key ? local.value : selected;
  return (
    <fieldset>
      <legend className={labelClass}>{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
        {options.map((o) => (
          <label key={o} className="inline-flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              checked={shown.includes(o)}
              onChange={() => {
                const next = toggle(shown, o);
                setLocal({ key, value: next });
                onChange(next);
              }}
              className="size-4 rounded border-slate-300 accent-blue-600"
            />
            {capitalize(o)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Filters({
  filter,
  severities,
  statuses,
  domains,
  set,
}: {
  filter: ListFilter;
  severities: string[];
  statuses: string[];
  domains: string[];
  set: (c: Record<string, string | null>, resetPage?: boolean) => void;
}) {
  const active =
    filter.status.length > 0 || filter.severity.length > 0 || filter.domain !== "" || filter.assignedTo !== "" || filter.tag !== "";
  // Remount the text filters when cleared so they drop their local text.
  const [generation, setGeneration] = useState(0);
  return (
    <section
      aria-label="Filters"
      className="mb-4 grid grid-cols-1 gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2 xl:grid-cols-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <CheckboxGroup legend="Status" options={statuses} selected={filter.status} onChange={(v) => set({ status: v.join(",") })} />
      <CheckboxGroup
        legend="Severity"
        options={severities}
        selected={filter.severity}
        onChange={(v) => set({ severity: v.join(",") })}
      />
      <div>
        <label htmlFor="filter-domain" className={labelClass}>
          Domain filter
        </label>
        <Select id="filter-domain" className="mt-1" value={filter.domain} onChange={(e) => set({ domain: e.target.value })}>
          <option value="">All domains</option>
          {domains.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </Select>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <div>
          <label htmlFor="filter-assignee" className={labelClass}>
            Assignee filter
          </label>
          <DebouncedInput
            key={`a${generation}`}
            id="filter-assignee"
            className="mt-1"
            value={filter.assignedTo}
            onCommit={(v) => {
              if (v.trim() !== filter.assignedTo) set({ assignee: v.trim() });
            }}
            autoComplete="off"
          />
        </div>
        <div>
          <label htmlFor="filter-tag" className={labelClass}>
            Tag filter
          </label>
          <DebouncedInput
            key={`t${generation}`}
            id="filter-tag"
            className="mt-1"
            value={filter.tag}
            onCommit={(v) => {
              if (v.trim() !== filter.tag) set({ tag: v.trim() });
            }}
            autoComplete="off"
          />
        </div>
      </div>
      {active && (
        <div className="md:col-span-2 xl:col-span-4">
          <Button
            variant="ghost"
            onClick={() => {
              setGeneration((g) => g + 1);
              set({ status: null, severity: null, domain: null, assignee: null, tag: null });
            }}
          >
            Clear filters
          </Button>
        </div>
      )}
    </section>
  );
}

function Updated({ at }: { at: string }) {
  const d = parseUtc(at);
  if (!d) return <span>—</span>;
  return (
    <time dateTime={d.toISOString()} title={formatDateTime(at)}>
      {formatRelative(d)}
    </time>
  );
}

function IncidentList({
  filter,
  set,
}: {
  filter: ListFilter;
  set: (c: Record<string, string | null>, resetPage?: boolean) => void;
}) {
  const list = useIncidentList(filter, true);
  const page = Math.floor(filter.offset / PAGE_SIZE) + 1;
  const filtered = filter.status.length > 0 || filter.severity.length > 0 || !!filter.domain || !!filter.assignedTo || !!filter.tag;
  const navigate = useNavigate();

  if (list.error && !list.data) return <ErrorNotice error={list.error} />;
  if (!list.data) return <Loading />;
  const { items, total } = list.data;

  return (
    <div aria-busy={list.isFetching}>
      <div className="mb-2 flex flex-wrap items-end justify-between gap-3">
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="list-range">
          {total === 0
            ? "No incidents"
            : `Showing ${filter.offset + 1}–${Math.min(filter.offset + items.length, total)} of ${total}`}
        </p>
        <div className="flex items-end gap-2">
          <div>
            <label htmlFor="sort" className={labelClass}>
              Sort by
            </label>
            <Select id="sort" className="mt-1" value={filter.sort} onChange={(e) => set({ sort: e.target.value })}>
              {sortOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </Select>
          </div>
          <div>
            <label htmlFor="sort-dir" className={labelClass}>
              Direction
            </label>
            <Select
              id="sort-dir"
              className="mt-1"
              value={filter.desc ? "desc" : "asc"}
              onChange={(e) => set({ dir: e.target.value === "asc" ? "asc" : null })}
            >
              <option value="desc">Descending</option>
              <option value="asc">Ascending</option>
            </Select>
          </div>
        </div>
      </div>

      {items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm dark:border-slate-700">
          {filtered ? (
            <p>No incidents match these filters.</p>
          ) : total === 0 && page === 1 ? (
            <>
              <p>No incidents yet.</p>
              <Button variant="primary" className="mt-3" onClick={() => void navigate("/incidents/new")}>
                Create the first incident
              </Button>
            </>
          ) : (
            <p>Nothing on this page.</p>
          )}
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs text-slate-500 uppercase dark:border-slate-800 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Title</th>
                <th scope="col" className="px-3 py-2 font-medium">Severity</th>
                <th scope="col" className="px-3 py-2 font-medium">Status</th>
                <th scope="col" className="px-3 py-2 font-medium">Domain</th>
                <th scope="col" className="px-3 py-2 font-medium">Assignee</th>
                <th scope="col" className="px-3 py-2 font-medium">Tags</th>
                <th scope="col" className="px-3 py-2 font-medium">Updated</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {items.map((it) => (
                <IncidentRow key={it.id} issue={it} />
              ))}
            </tbody>
          </table>
        </div>
      )}

      {total > PAGE_SIZE && (
        <nav aria-label="Pagination" className="mt-3 flex items-center gap-2">
          <Button disabled={page <= 1} onClick={() => set({ page: page > 2 ? String(page - 1) : null }, false)}>
            Previous page
          </Button>
          <span className="text-sm text-slate-600 dark:text-slate-400">
            Page {page} of {Math.ceil(total / PAGE_SIZE)}
          </span>
          <Button disabled={filter.offset + PAGE_SIZE >= total} onClick={() => set({ page: String(page + 1) }, false)}>
            Next page
          </Button>
        </nav>
      )}
    </div>
  );
}

function incidentHref(id: string) {
  return `/incidents/${encodeURIComponent(id)}`;
}

function IncidentRow({ issue }: { issue: Issue }) {
  return (
    <tr className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
      <td className="max-w-md px-3 py-2">
        <Link to={incidentHref(issue.id)} className="font-medium text-blue-700 hover:underline dark:text-blue-300">
          {issue.title}
        </Link>
      </td>
      <td className="px-3 py-2">
        <SeverityBadge severity={issue.severity} />
      </td>
      <td className="px-3 py-2">
        <StatusBadge status={issue.status} />
      </td>
      <td className="px-3 py-2 whitespace-nowrap">{issue.domain || "—"}</td>
      <td className="px-3 py-2">{issue.assignedTo || "—"}</td>
      <td className="px-3 py-2">
        <div className="flex flex-wrap gap-1">
          {issue.tags.map((t) => (
            <TagChip key={t} tag={t} />
          ))}
        </div>
      </td>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600 dark:text-slate-400">
        <Updated at={issue.updatedAt} />
      </td>
    </tr>
  );
}

function SearchResults({ query }: { query: string }) {
  const search = useIncidentSearch(query);
  const hits = useMemo(() => search.data?.hits ?? [], [search.data]);
  if (search.error && !search.data) return <ErrorNotice error={search.error} />;
  if (!search.data) return <Loading label="Searching…" />;
  return (
    <div aria-busy={search.isFetching}>
      <p className="mb-2 text-sm text-slate-600 dark:text-slate-400" data-testid="search-count">
        {hits.length === 0
          ? `No incidents match “${search.data.query}”.`
          : hits.length >= SEARCH_LIMIT
            ? `Showing the ${hits.length} best matches for “${search.data.query}”`
            : `${hits.length} ${hits.length === 1 ? "match" : "matches"} for “${search.data.query}”`}
      </p>
      {hits.length > 0 && (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {hits.map((h) => (
            <SearchRow key={h.issue.id} hit={h} />
          ))}
        </ul>
      )}
    </div>
  );
}

function SearchRow({ hit }: { hit: SearchHit }) {
  const issue = hit.issue;
  return (
    <li className="px-4 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <Link to={incidentHref(issue.id)} className="font-medium text-blue-700 hover:underline dark:text-blue-300">
          <Highlight snippet={hit.titleSnippet || issue.title} />
        </Link>
        <SeverityBadge severity={issue.severity} />
        <StatusBadge status={issue.status} />
        {issue.domain && <span className="text-xs text-slate-600 dark:text-slate-400">{issue.domain}</span>}
        <span className="ml-auto text-xs text-slate-500 dark:text-slate-400">
          <Updated at={issue.updatedAt} />
        </span>
      </div>
      {hit.descriptionSnippet && (
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          <Highlight snippet={hit.descriptionSnippet} />
        </p>
      )}
    </li>
  );
}
