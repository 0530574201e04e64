import type { ReactNode } from "react";
import { openExternal } from "../../lib/api/documents";

/** A link that opens in the system browser (never inside the app's window). */
export function ExternalLink({ href, children, className = "", label }: { href: string; children: ReactNode; className?: string; label?: string }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer"
      aria-label={label}
      title={href}
      className={`font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-300 ${className}`}
      onClick={(e) => {
        if (openExternal(href)) e.preventDefault();
      }}
    >
      {children}
      <span aria-hidden="true"> ↗</span>
    </a>
  );
}
