import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { toast } from "../toast";
import { toAppError, type AppError } from "./errors";

// Every query and mutation error is an AppError (src/lib/api/client.ts normalises them).
declare module "@tanstack/react-query" {
  interface Register {
    defaultError: AppError;
  }
}

// The one place that turns backend errors into toasts: every failed query and mutation.
// Pages may additionally show the error inline (a form shows its validation message beside it).
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      // A query with meta.quiet handles its own failure (a missing detail shown as "—").
      onError: (err, query) => {
        if (query.meta?.quiet === true) return;
        toast.error(toAppError(err).message);
      },
    }),
    mutationCache: new MutationCache({
      // A mutation with meta.quiet shows its failure inline, next to what the user typed.
      onError: (err, _vars, _ctx, mutation) => {
        if (mutation.meta?.quiet === true) return;
        toast.error(toAppError(err).message);
      },
    }),
    defaultOptions: {
      queries: {
        // Backend errors are deterministic (validation, not found, storage): do not retry them.
        retry: false,
        staleTime: 5_000,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}
