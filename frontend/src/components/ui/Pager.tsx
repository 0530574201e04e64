import { Button } from "./Button";

/** "1–50 of 230" with previous/next buttons, for lists fetched one page at a time. */
export function Pager({
  offset,
  limit,
  total,
  onOffset,
  what,
}: {
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
  /** What is listed, for the buttons' names ("findings"). */
  what: string;
}) {
  if (total <= limit && offset === 0) return null;
  const last = Math.min(offset + limit, total);
  return (
    <div className="flex items-center justify-between gap-2 pt-2 text-xs text-slate-600 dark:text-slate-400">
      <span className="tabular-nums">
        {total === 0 ? "0" : `${(offset + 1).toLocaleString()}–${last.toLocaleString()}`} of {total.toLocaleString()}
      </span>
      <span className="flex gap-1">
        <Button
          variant="ghost"
          className="px-2 py-0.5"
          disabled={offset === 0}
          onClick={() => onOffset(Math.max(0, offset - limit))}
          aria-label={`Previous page of ${what}`}
        >
          ‹ Prev
        </Button>
        <Button
          variant="ghost"
          className="px-2 py-0.5"
          disabled={last >= total}
          onClick={() => onOffset(offset + limit)}
          aria-label={`Next page of ${what}`}
        >
          Next ›
        </Button>
      </span>
    </div>
  );
}
