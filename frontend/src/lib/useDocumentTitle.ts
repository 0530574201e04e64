import { useEffect } from "react";

/** useDocumentTitle names the window after the page ("Incidents — TFTSR"). */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    document.title = title ? `${title} — TFTSR` : "TFTSR";
  }, [title]);
}
