import { useSyncExternalStore } from "react";
import { dismissToast, getToasts, subscribeToasts, type ToastKind } from "../../lib/toast";

const styles: Record<ToastKind, string> = {
  success: "border-emerald-500 bg-white dark:bg-slate-900",
  error: "border-red-500 bg-white dark:bg-slate-900",
  info: "border-blue-500 bg-white dark:bg-slate-900",
};

const prefix: Record<ToastKind, string> = { success: "", error: "Error: ", info: "" };

// The single toast region of the app (rendered once, at the root).
export function Toaster() {
  const toasts = useSyncExternalStore(subscribeToasts, getToasts, getToasts);
  return (
    <div
      role="status"
      aria-live="polite"
      aria-label="Notifications"
      className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2"
    >
      {toasts.map((t) => (
        <div
          key={t.id}
          data-testid={`toast-${t.kind}`}
          className={`pointer-events-auto flex items-start gap-3 rounded-md border-l-4 px-4 py-3 text-sm text-slate-900 shadow-lg ring-1 ring-slate-200 dark:text-slate-100 dark:ring-slate-700 ${styles[t.kind]}`}
        >
          <p className="flex-1 break-words">
            {prefix[t.kind] && <span className="font-semibold text-red-700 dark:text-red-300">{prefix[t.kind]}</span>}
            {t.message}
          </p>
          <button
            type="button"
            onClick={() => dismissToast(t.id)}
            aria-label="Dismiss notification"
            className="rounded px-1 text-slate-500 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:text-white"
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
