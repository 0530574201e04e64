import { useQueryClient } from "@tanstack/react-query";
import { useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { Button } from "../../components/ui/Button";
import { Input, labelClass } from "../../components/ui/Field";
import { ErrorNotice, Loading } from "../../components/ui/States";
import type { Finding, LogInfo, LogLine } from "../../lib/api/types";
import { useMeta } from "../../lib/api/hooks";
import { formatBytes, formatDateTime } from "../../lib/format";
import {
  pagesForLines,
  parseLineNumber,
  scrollScale,
  scrollTopForLine,
  stepMatch,
} from "../../lib/logview";
import { useDocumentTitle } from "../../lib/useDocumentTitle";
import { useIncident } from "../incidents/hooks";
import { SEARCH_LIMIT, logSearchOptions, useLogInfo, useLogPages, useLogSearch, type LogTextView } from "./hooks";
import { useLineFindingsPages, useReviewSummary } from "../review/hooks";
import { FindingLine, RedactedLine } from "../review/HighlightedLine";
import { ReviewBar } from "../review/ReviewBar";
import { ReviewPanel } from "../review/ReviewPanel";
import { Fact } from "../../components/ui/Fact";

/** Every line is one fixed-height row (long lines scroll horizontally, never wrap). */
const ROW_HEIGHT = 20;
const OVERSCAN = 30;

export function LogViewerPage() {
  const { id = "", logId = "" } = useParams();
  // ?line=N (an evidence link from the 5 Whys): open at line N, highlighted.
  const [params] = useSearchParams();
  const lineParam = Number(params.get("line") ?? "");
  const openAt = Number.isInteger(lineParam) && lineParam >= 1 ? lineParam : null;
  const info = useLogInfo(logId);
  const incident = useIncident(id);
  useDocumentTitle(info.data?.fileName ?? "Log");

  const title = incident.data?.issue.title;
  const back = (
    <Link to={`/incidents/${id}`} className="text-sm text-blue-700 hover:underline dark:text-blue-300">
      <span aria-hidden="true">← </span>
      {title ? `Back to ${title}` : "Back to the incident"}
    </Link>
  );

  if (info.error) {
    return (
      <div className="max-w-3xl">
        {back}
        <h1 className="mt-2 mb-4 text-2xl font-semibold">Log</h1>
        <ErrorNotice error={info.error}>
          {info.error.code === "not_found" && <p className="mt-1">It may have been removed.</p>}
        </ErrorNotice>
      </div>
    );
  }
  if (!info.data) return <Loading />;
  // Keyed by log: another log starts at the top with no search.
  return <LogView key={logId} info={info.data} back={back} openAt={openAt} />;
}

function LogFacts({ info }: { info: LogInfo }) {
  return (
    <dl className="mt-4 flex flex-wrap gap-x-8 gap-y-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <Fact label="Lines">{info.lines.toLocaleString()}</Fact>
      <Fact label="Size">{formatBytes(info.size)}</Fact>
      <Fact label="Encoding">{info.encoding || "—"}</Fact>
      <Fact label="SHA-256">
        <span title={info.sha256} className="font-mono">
          {info.sha256 ? `${info.sha256.slice(0, 12)}…` : "—"}
        </span>
      </Fact>
      <Fact label="Added">{formatDateTime(typeof info.uploadedAt === "string" ? info.uploadedAt : "")}</Fact>
      {info.member && <Fact label="Archive member">{info.member}</Fact>}
      {info.redacted && <Fact label="Redacted">Yes</Fact>}
      {info.invalidUtf8 > 0 && (
        <Fact label="Invalid UTF-8">
          <span className="text-amber-700 dark:text-amber-300">{info.invalidUtf8.toLocaleString()} replaced</span>
        </Fact>
      )}
      {info.splitLines > 0 && (
        <Fact label="Split lines">
          <span className="text-amber-700 dark:text-amber-300">{info.splitLines.toLocaleString()} long lines split</span>
        </Fact>
      )}
    </dl>
  );
}

function LogView({ info, back, openAt }: { info: LogInfo; back: ReactNode; openAt: number | null }) {
  const qc = useQueryClient();
  const total = info.lines;
  const scrollRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const gotoRef = useRef<HTMLInputElement>(null);
  const searchSeq = useRef(0);
  const gotoId = useId();
  const searchId = useId();

  const [viewport, setViewport] = useState(600);
  const [activeLine, setActiveLine] = useState<number | null>(null);
  const [gotoText, setGotoText] = useState("");
  const [gotoProblem, setGotoProblem] = useState<string | null>(null);
  const [searchText, setSearchText] = useState("");
  const [query, setQuery] = useState("");
  const [match, setMatch] = useState(-1);
  const search = useLogSearch(info.id, query);
  const hits = search.data ?? [];
  const meta = useMeta();
  const summary = useReviewSummary(info.id);
  const [chosenView, setView] = useState<LogTextView>("original");
  // The applied version can only be shown once there is one.
  const view: LogTextView = chosenView === "applied" && !summary.data?.applied ? "original" : chosenView;

  const scale = scrollScale(total * ROW_HEIGHT, viewport);
  // Scroll positions are physical px; the virtualizer works in virtual px (line × ROW_HEIGHT).
  const ratioRef = useRef(scale.ratio);
  const notifyRef = useRef<(() => void) | null>(null);
  useLayoutEffect(() => {
    ratioRef.current = scale.ratio;
    notifyRef.current?.();
  }, [scale.ratio]);

  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read in render only, never memoised
  const virtualizer = useVirtualizer<HTMLDivElement, HTMLDivElement>({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    observeElementOffset: (instance: Virtualizer<HTMLDivElement, HTMLDivElement>, cb) => {
      const el = instance.scrollElement;
      if (!el) return undefined;
      const report = () => cb(el.scrollTop * ratioRef.current, false);
      notifyRef.current = report;
      report();
      el.addEventListener("scroll", report, { passive: true });
      return () => {
        el.removeEventListener("scroll", report);
        if (notifyRef.current === report) notifyRef.current = null;
      };
    },
    scrollToFn: (offset, { behavior }, instance) => {
      instance.scrollElement?.scrollTo({ top: offset / ratioRef.current, behavior });
    },
  });

  const items = virtualizer.getVirtualItems();
  const first = (items[0]?.index ?? 0) + 1;
  const last = (items[items.length - 1]?.index ?? -1) + 1;
  const visiblePages = pagesForLines(first, last);
  const pageQueries = useLogPages(info.id, visiblePages, total, view);
  const lines = new Map<number, LogLine>();
  for (const q of pageQueries) for (const l of q.data ?? []) lines.set(l.n, l);
  const findingQueries = useLineFindingsPages(info.id, visiblePages, total, view === "original" && summary.data?.scanned === true);
  const lineFindings = new Map<number, Finding[]>();
  for (const q of findingQueries) {
    for (const f of q.data ?? []) {
      for (let n = Math.max(f.line, first); n <= Math.min(f.endLine, last); n++) {
        const list = lineFindings.get(n);
        if (list) list.push(f);
        else lineFindings.set(n, [f]);
      }
    }
  }

  const vOffset = virtualizer.scrollOffset ?? 0;
  // Rows are laid out from the first rendered one, placed where the scroll position shows it.
  const windowTop = vOffset / scale.ratio + ((items[0]?.start ?? 0) - vOffset);
  const gutterCh = String(Math.max(total, 1)).length + 3;

  // Opened at a line (?line=N): scroll there and highlight it (the last line when N is past the end).
  const { physical, ratio } = scale;
  useEffect(() => {
    const el = scrollRef.current;
    if (openAt === null || !el || total === 0) return;
    const n = Math.min(openAt, total);
    el.scrollTop = scrollTopForLine(n, ROW_HEIGHT, total, el.clientHeight, { physical, ratio });
    el.scrollLeft = 0;
    setActiveLine(n);
  }, [openAt, total, physical, ratio]);

  const scrollToLine = (n: number) => {
    const el = scrollRef.current;
    if (!el) return;
    el.scrollTop = scrollTopForLine(n, ROW_HEIGHT, total, el.clientHeight, scale);
    el.scrollLeft = 0;
    setActiveLine(n);
  };

  // Ctrl/Cmd+F: search in this log; Ctrl/Cmd+G: go to line.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const k = e.key.toLowerCase();
      const target = k === "f" ? searchRef.current : k === "g" ? gotoRef.current : null;
      if (!target) return;
      e.preventDefault();
      target.focus();
      target.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const onGoto = (e: FormEvent) => {
    e.preventDefault();
    const n = parseLineNumber(gotoText, total);
    if (n === null) {
      setGotoProblem(total === 0 ? "This log has no lines." : `Enter a line number from 1 to ${total.toLocaleString()}.`);
      return;
    }
    setGotoProblem(null);
    scrollToLine(n);
  };

  const goToMatch = (i: number, list: readonly number[]) => {
    setMatch(i);
    const n = list[i];
    if (n === undefined) return;
    revealLine(n, "mark[data-search]");
  };

  /** Scrolls to line n and, once its row is rendered, sideways to the element `selector`. */
  const revealLine = (n: number, selector: string) => {
    revealRef.current = { n, selector };
    setRevealSeq((x) => x + 1);
    scrollToLine(n);
  };

  // A match far along a long line: once its row is rendered, scroll sideways to show it.
  const revealRef = useRef<{ n: number; selector: string } | null>(null);
  const [, setRevealSeq] = useState(0);
  const activeLoaded = activeLine !== null && lines.has(activeLine);
  useEffect(() => {
    const target = revealRef.current;
    const scroller = scrollRef.current;
    if (target === null || target.n !== activeLine || !activeLoaded || !scroller) return;
    const mark = scroller.querySelector(`[data-testid="log-line-${target.n}"] ${target.selector}`);
    if (!mark) return; // its highlights may still be loading: try again on the next render
    revealRef.current = null;
    if (!mark) return;
    const box = scroller.getBoundingClientRect();
    const m = mark.getBoundingClientRect();
    const gutter = scroller.querySelector("[data-gutter]")?.getBoundingClientRect().width ?? 0;
    if (m.left < box.left + gutter || m.right > box.right) {
      scroller.scrollLeft += m.left - box.left - gutter - 48;
    }
  });

  const onSearch = async (e: FormEvent) => {
    e.preventDefault();
    const q = searchText.trim();
    if (q === "") {
      setQuery("");
      setMatch(-1);
      return;
    }
    if (q === query && search.data) {
      // Enter again on the same query steps to the next match.
      goToMatch(stepMatch(match, hits.length, 1), hits);
      return;
    }
    const seq = ++searchSeq.current;
    setQuery(q);
    setMatch(-1);
    try {
      const found = await qc.fetchQuery(logSearchOptions(info.id, q));
      if (seq === searchSeq.current && found.length > 0) goToMatch(0, found);
    } catch {
      // Toasted by the query cache and shown below.
    }
  };

  return (
    <article className="flex min-w-0 flex-col">
      <div>{back}</div>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight break-all">{info.fileName}</h1>
      {info.filePath && (
        <p className="mt-1 font-mono text-xs break-all text-slate-500 dark:text-slate-400" title="Where it was added from">
          {info.filePath}
        </p>
      )}
      <LogFacts info={info} />
      <ReviewBar info={info} summary={summary} view={view} onView={setView} />

      <div className="mt-4 flex flex-wrap items-start gap-x-6 gap-y-3">
        <form onSubmit={onGoto} noValidate className="flex items-end gap-2">
          <div>
            <label htmlFor={gotoId} className={labelClass}>
              Go to line
            </label>
            <Input
              ref={gotoRef}
              id={gotoId}
              inputMode="numeric"
              autoComplete="off"
              value={gotoText}
              onChange={(e) => {
                setGotoText(e.target.value);
                setGotoProblem(null);
              }}
              aria-invalid={gotoProblem !== null}
              aria-describedby={gotoProblem ? `${gotoId}-problem` : undefined}
              placeholder={`1–${total.toLocaleString()}`}
              className="mt-1 w-36"
            />
          </div>
          <Button type="submit">Go</Button>
        </form>

        <form onSubmit={(e) => void onSearch(e)} noValidate className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor={searchId} className={labelClass}>
              Search in log
            </label>
            <Input
              ref={searchRef}
              id={searchId}
              type="search"
              autoComplete="off"
              spellCheck={false}
              value={searchText}
              onChange={(e) => setSearchText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && e.shiftKey && query !== "" && hits.length > 0) {
                  e.preventDefault();
                  goToMatch(stepMatch(match, hits.length, -1), hits);
                }
              }}
              placeholder="Text to find (Enter)"
              className="mt-1 w-64"
            />
          </div>
          <Button type="submit">
            Search
          </Button>
          <Button
            onClick={() => goToMatch(stepMatch(match, hits.length, -1), hits)}
            disabled={hits.length === 0}
            aria-label="Previous match"
            title="Previous match (Shift+Enter)"
          >
            ↑
          </Button>
          <Button
            onClick={() => goToMatch(stepMatch(match, hits.length, 1), hits)}
            disabled={hits.length === 0}
            aria-label="Next match"
            title="Next match (Enter)"
          >
            ↓
          </Button>
        </form>
        <SearchSummary query={query} fetching={search.isFetching} error={search.error?.message ?? null} hits={hits} match={match} />
      </div>
      {gotoProblem && (
        <p id={`${gotoId}-problem`} className="mt-2 text-sm font-medium text-red-700 dark:text-red-300">
          {gotoProblem}
        </p>
      )}

      <div className="mt-4 grid min-w-0 grid-cols-1 gap-4 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="min-w-0">
          {total === 0 ? (
            <p className="text-sm text-slate-500 dark:text-slate-400">This log is empty.</p>
          ) : (
            <div
              ref={scrollRef}
              tabIndex={0}
              role="region"
              aria-label={`Lines of ${info.fileName}`}
              className="h-[calc(100vh-25rem)] min-h-72 overflow-auto rounded-lg border border-slate-200 bg-white font-mono text-xs focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-slate-800 dark:bg-slate-950"
            >
              <div className="relative" style={{ height: scale.physical }}>
                {/* One block holding the rendered rows: every row is as wide as the widest one, so the
                    sticky gutter stays put on short lines too when scrolled sideways. */}
                <div className="absolute left-0 w-max min-w-full" style={{ top: windowTop }}>
                {items.map((item) => {
                  const n = item.index + 1;
                  const line = lines.get(n);
                  const active = n === activeLine;
                  return (
                    <div
                      key={item.key}
                      data-active={active ? "true" : undefined}
                      className={`flex ${active ? "bg-yellow-100 dark:bg-yellow-900/40" : ""}`}
                      style={{ height: ROW_HEIGHT, lineHeight: `${ROW_HEIGHT}px` }}
                    >
                      <span
                        data-gutter
                        className={`sticky left-0 shrink-0 border-r border-slate-200 pr-2 text-right text-slate-400 select-none dark:border-slate-800 dark:text-slate-500 ${active ? "bg-yellow-100 dark:bg-yellow-900" : "bg-slate-50 dark:bg-slate-900"}`}
                        style={{ width: `${gutterCh}ch` }}
                        title={line?.continued ? "Continues the previous line (split because it was too long)" : undefined}
                      >
                        {line?.continued && (
                          <>
                            <span aria-hidden="true">↪ </span>
                            <span className="sr-only">continued </span>
                          </>
                        )}
                        {n}
                      </span>
                      {line ? (
                        <span data-testid={`log-line-${n}`} className="pr-4 pl-2 whitespace-pre" style={{ tabSize: 4 }}>
                          {view === "original" ? (
                            <FindingLine
                              n={n}
                              text={line.text}
                              findings={lineFindings.get(n) ?? []}
                              query={hits.length > 0 ? query : ""}
                              types={meta.data?.piiTypes}
                            />
                          ) : (
                            <RedactedLine text={line.text} query={hits.length > 0 ? query : ""} issueId={info.issueId} />
                          )}
                        </span>
                      ) : (
                        <span className="pl-2 text-slate-300 dark:text-slate-700">…</span>
                      )}
                    </div>
                  );
                })}
                </div>
              </div>
            </div>
          )}
        </div>
        <ReviewPanel
          info={info}
          summary={summary.data}
          onGoToFinding={(f) => {
            setView("original");
            revealLine(f.line, `[data-finding="${f.id}"]`);
          }}
        />
      </div>
    </article>
  );
}

function SearchSummary({
  query,
  fetching,
  error,
  hits,
  match,
}: {
  query: string;
  fetching: boolean;
  error: string | null;
  hits: readonly number[];
  match: number;
}) {
  if (query === "") return null;
  let text: ReactNode;
  if (error) text = <span className="text-red-700 dark:text-red-300">Search failed: {error}</span>;
  else if (fetching) text = "Searching…";
  else if (hits.length === 0) text = "No matches";
  else
    text = (
      <>
        <span>{hits.length === 1 ? "1 match" : `${hits.length.toLocaleString()} matches`}</span>
        {hits.length >= SEARCH_LIMIT && (
          <span className="text-slate-500 dark:text-slate-400"> (only the first {SEARCH_LIMIT.toLocaleString()} are listed)</span>
        )}
        {match >= 0 && (
          <span className="text-slate-500 dark:text-slate-400">
            {" "}
            · showing {(match + 1).toLocaleString()} of {hits.length.toLocaleString()} (line {hits[match]?.toLocaleString()})
          </span>
        )}
      </>
    );
  return <p className="self-end pb-1.5 text-sm" aria-live="polite">{text}</p>;
}
