// A tiny toast store usable outside React (the QueryClient's error handler pushes into it).
// Toasts are rendered once, at the root, by <Toaster />.

export type ToastKind = "success" | "error" | "info";

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

type Listener = () => void;

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<Listener>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function emit() {
  for (const l of listeners) l();
}

export function dismissToast(id: number) {
  const t = timers.get(id);
  if (t !== undefined) clearTimeout(t);
  timers.delete(id);
  toasts = toasts.filter((x) => x.id !== id);
  emit();
}

export function showToast(kind: ToastKind, message: string) {
  const id = nextId++;
  // Keep the last few only; errors stay longer than confirmations.
  toasts = [...toasts.slice(-4), { id, kind, message }];
  timers.set(
    id,
    setTimeout(() => dismissToast(id), kind === "error" ? 10000 : 5000),
  );
  emit();
}

export const toast = {
  success: (message: string) => showToast("success", message),
  error: (message: string) => showToast("error", message),
  info: (message: string) => showToast("info", message),
};

export function subscribeToasts(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function getToasts(): readonly Toast[] {
  return toasts;
}
