import type { AppError } from "../../../lib/api/errors";
import type { TestResult } from "../../../lib/api/providers";
import { formatLatency, plainMessage } from "./form";

const ok = "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100";
const fail = "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100";

/** The outcome of a connection test: green when the provider answered, red when not. */
export function TestOutcome({ result, error, pending }: { result?: TestResult; error?: AppError | null; pending: boolean }) {
  if (pending) {
    return (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        Testing the connection…
      </p>
    );
  }
  if (error) {
    return (
      <div role="status" data-testid="provider-test-result" data-ok="false" className={`rounded-md border px-3 py-2 text-sm ${fail}`}>
        <p>
          <span className="font-semibold">Cannot test: </span>
          {plainMessage(error.message)}
        </p>
      </div>
    );
  }
  if (!result) return null;
  const facts = [result.models > 0 ? `${result.models} ${result.models === 1 ? "model" : "models"}` : "", formatLatency(result.latencyMs)].filter(Boolean);
  return (
    <div
      role="status"
      data-testid="provider-test-result"
      data-ok={result.ok ? "true" : "false"}
      className={`rounded-md border px-3 py-2 text-sm ${result.ok ? ok : fail}`}
    >
      <p className="break-words">
        <span aria-hidden="true" className="mr-1.5 font-bold">
          {result.ok ? "✓" : "✗"}
        </span>
        <span className="font-semibold">{result.ok ? "Connection works. " : "Test failed. "}</span>
        {result.message}
      </p>
      <p className="mt-0.5 text-xs opacity-80">{facts.join(" · ")}</p>
    </div>
  );
}
