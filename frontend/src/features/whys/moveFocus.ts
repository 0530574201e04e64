import { useEffect, useRef } from "react";

/** A request to keep the keyboard focus on an item's move buttons after it moved. */
export interface MoveFocus {
  id: string;
  dir: -1 | 1;
  seq: number;
}

/**
 * useMoveFocus keeps focus on the item that was moved with ↑/↓: reordering moves its DOM node
 * (which drops focus), and at the top or bottom the button pressed becomes disabled, so focus
 * goes to the other one.
 */
export function useMoveFocus(request: MoveFocus | null, id: string, first: boolean, last: boolean, position: number) {
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!request || request.id !== id) return;
    const target = request.dir === -1 ? (first ? down : up) : last ? up : down;
    target.current?.focus();
  }, [request, id, first, last, position]);
  return [up, down] as const;
}
