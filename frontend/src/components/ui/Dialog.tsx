import { useEffect, useId, useRef, type ReactNode } from "react";

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons, rendered at the bottom right. */
  actions: ReactNode;
  /** Width: "md" (default) for confirmations, "xl" for tools with more content. */
  size?: "md" | "xl";
}

// A modal dialog on the native <dialog> element: focus is trapped, the page behind is inert,
// and Esc closes it (the "cancel" event).
export function Dialog({ open, title, onClose, children, actions, size = "md" }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) {
      if (typeof el.showModal === "function") el.showModal();
      else el.setAttribute("open", "");
    } else if (!open && el.open) {
      if (typeof el.close === "function") el.close();
      else el.removeAttribute("open");
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className={`m-auto w-full ${size === "xl" ? "max-w-4xl" : "max-w-md"} rounded-lg bg-white p-0 text-slate-900 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-950/50 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700`}
    >
      {open && (
        <div className="p-5">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="mt-3 text-sm text-slate-700 dark:text-slate-300">{children}</div>
          <div className="mt-5 flex justify-end gap-2">{actions}</div>
        </div>
      )}
    </dialog>
  );
}
