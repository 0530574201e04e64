import { useEffect, useState, type ReactNode } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { HashRouter, Route, Routes } from "react-router";
import { createQueryClient } from "./lib/api/queryClient";
import { useSettings, useStartupStatus } from "./lib/api/hooks";
import { applyTheme } from "./lib/theme";
import { AppShell } from "./components/layout/AppShell";
import { Toaster } from "./components/ui/Toaster";
import { Loading } from "./components/ui/States";
import { DashboardPage } from "./features/dashboard/DashboardPage";
import { IncidentsPage } from "./features/incidents/IncidentsPage";
import { NewIncidentPage } from "./features/incidents/NewIncidentPage";
import { IncidentPage } from "./features/incidents/IncidentPage";
import { LogViewerPage } from "./features/logs/LogViewerPage";
import { DocumentPage } from "./features/documents/DocumentPage";
import { SettingsPage } from "./features/settings/SettingsPage";
import { NotFoundPage } from "./NotFoundPage";

/** Applies the saved theme once settings are loaded (and whenever they change). */
function ThemeController() {
  const settings = useSettings();
  const theme = settings.data?.theme;
  useEffect(() => {
    applyTheme(theme);
  }, [theme]);
  return null;
}

/** Shows why the app cannot work when the store could not be opened, instead of failing on every click. */
function StartupGate({ children }: { children: ReactNode }) {
  const status = useStartupStatus();
  if (status.isPending) {
    return (
      <div className="p-8">
        <Loading label="Opening the database…" />
      </div>
    );
  }
  const problem = status.error ?? (status.data.ready ? null : status.data.error);
  if (problem) {
    return (
      <div className="mx-auto max-w-xl p-8">
        <h1 className="text-2xl font-semibold">TFTSR cannot open its database</h1>
        <p
          role="alert"
          className="mt-4 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {problem.message || "The database is not available."}
        </p>
        <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
          Nothing has been changed. Fix the problem above and restart the application.
        </p>
      </div>
    );
  }
  return (
    <>
      <ThemeController />
      {children}
    </>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <HashRouter>
        <StartupGate>
          <Routes>
            <Route element={<AppShell />}>
              <Route index element={<DashboardPage />} />
              <Route path="incidents" element={<IncidentsPage />} />
              <Route path="incidents/new" element={<NewIncidentPage />} />
              <Route path="incidents/:id" element={<IncidentPage />} />
              <Route path="incidents/:id/logs/:logId" element={<LogViewerPage />} />
              <Route path="incidents/:id/documents/:docId" element={<DocumentPage />} />
              <Route path="settings" element={<SettingsPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </StartupGate>
      </HashRouter>
      <Toaster />
    </QueryClientProvider>
  );
}
