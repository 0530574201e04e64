import { useEffect, useState, type RefObject } from "react";

/** useElementWidth follows an element's width (0 until measured, or without ResizeObserver). */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const obs = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(Math.round(w));
    });
    obs.observe(el);
    return () => obs.disconnect();
  }, [ref]);
  return width;
}
