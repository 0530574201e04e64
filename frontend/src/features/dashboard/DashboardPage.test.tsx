import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import type { ResponseDashboard } from "../../lib/api/timeline";
import { DashboardPage } from "./DashboardPage";

// Small fakes of our own API modules (unit tests only; the E2E specs use the real backend).
vi.mock("../../lib/api/client", () => ({
  api: {
    incidents: {
      dashboard: () =>
        Promise.resolve({
          total: 4,
          openTotal: 2,
          resolvedLast7Days: 1,
          resolvedCount: 1,
          meanTimeToResolveMs: 3_600_000,
          openBySeverity: [],
          recent: [],
        }),
    },
    system: { meta: () => Promise.resolve({ version: "t", severities: ["high"], statuses: [], domains: [], piiTypes: [] }) },
  },
}));

const response: ResponseDashboard = {
  timeToDetect: { count: 3, meanMs: 30 * 60_000, medianMs: 20 * 60_000, invalid: 0 },
  timeToMitigate: { count: 1, meanMs: 40 * 60_000, medianMs: 40 * 60_000, invalid: 1 },
  timeToResolve: { count: 0, meanMs: 0, medianMs: 0, invalid: 0 },
};
vi.mock("../../lib/api/timeline", () => ({ timelineApi: { dashboard: () => Promise.resolve(response) } }));

describe("DashboardPage response times", () => {
  it("shows mean and median TTD / TTM / TTR, '—' when no incident has the pair, and invalid ones left out", async () => {
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter>
          <DashboardPage />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    await waitFor(() => expect(screen.getByTestId("response-ttd-mean")).toHaveTextContent("30 min"));
    expect(screen.getByTestId("response-ttd-median")).toHaveTextContent("20 min");
    expect(screen.getByTestId("response-ttd")).toHaveTextContent("Over 3 incidents");
    expect(screen.getByTestId("response-ttm")).toHaveTextContent("Over 1 incident · 1 left out (end before impact started)");
    expect(screen.getByTestId("response-ttr-mean")).toHaveTextContent("—");
    expect(screen.getByTestId("response-ttr-median")).toHaveTextContent("—");
    expect(screen.getByTestId("response-ttr")).toHaveTextContent("No incident has both events yet");
  });
});
