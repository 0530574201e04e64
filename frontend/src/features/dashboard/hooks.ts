import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api/client";
import { queryKeys } from "../../lib/api/queryKeys";
import { timelineApi } from "../../lib/api/timeline";
import { timelineKeys } from "../timeline/hooks";

export function useDashboard() {
  return useQuery({ queryKey: queryKeys.dashboard, queryFn: api.incidents.dashboard });
}

/** Mean / median time to detect, mitigate and resolve over all incidents (TimelineService.Dashboard). */
export function useResponseTimes() {
  return useQuery({ queryKey: timelineKeys.dashboard, queryFn: timelineApi.dashboard });
}
