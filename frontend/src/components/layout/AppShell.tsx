import { useEffect } from "react";
import { NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { useMeta } from "../../lib/api/hooks";

export const SEARCH_INPUT_ID = "incident-search";

const navItems = [
  { to: "/", label: "Dashboard", end: true },
  { to: "/incidents", label: "Incidents", end: true },
  { to: "/incidents/new", label: "New incident", end: true },
  { to: "/settings", label: "Settings", end: true },
];

function isTypingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName);
}

/** Global shortcuts: Ctrl/Cmd+K focuses incident search; "n" opens a new incident. */
function useShortcuts() {
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        const input = document.getElementById(SEARCH_INPUT_ID);
        if (input instanceof HTMLInputElement) {
          input.focus();
          input.select();
        } else {
          void navigate("/incidents", { state: { focusSearch: true } });
        }
        return;
      }
      if (e.key === "n" && !e.ctrlKey && !e.metaKey && !e.altKey && !isTypingTarget(e.target)) {
        // Not while a modal dialog is open.
        if (document.querySelector("dialog[open]")) return;
        if (location.pathname !== "/incidents/new") {
          e.preventDefault();
          void navigate("/incidents/new");
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate, location.pathname]);
}

export function AppShell() {
  useShortcuts();
  const meta = useMeta();
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-52 shrink-0 flex-col border-r border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="px-4 py-4">
          <div className="text-lg font-bold tracking-tight">TFTSR</div>
          <div className="text-xs text-slate-500 dark:text-slate-400">Incident triage</div>
        </div>
        <nav aria-label="Main" className="flex flex-col gap-0.5 px-2">
          {navItems.map((item) => (
            <NavLink
              key={item.to}
              to={item.to}
              end={item.end}
              className={({ isActive }) =>
                `rounded-md px-3 py-2 text-sm font-medium ${
                  isActive
                    ? "bg-blue-50 text-blue-800 dark:bg-blue-950 dark:text-blue-200"
                    : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                }`
              }
            >
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="mt-auto space-y-1 px-4 py-4 text-xs text-slate-500 dark:text-slate-400">
          <p>
            <kbd className="font-mono">Ctrl K</kbd> search · <kbd className="font-mono">N</kbd> new
          </p>
          {meta.data?.version && <p>Version {meta.data.version}</p>}
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-8 py-6">
        <Outlet />
      </main>
    </div>
  );
}
