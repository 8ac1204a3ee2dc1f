import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { RunTimeline } from "../pages/RunPage/runTypes";
import { keys } from "./keys";

/** /api/ui/runs/<id>/timeline: every attempt's queued/start/end times and state changes. The run
 * page invalidates it whenever its run changes (at most once a second while a run streams). */
export function useRunTimeline(runId: number, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: keys.runTimeline(runId),
    queryFn: ({ signal }) => api.get<RunTimeline>(`/api/ui/runs/${runId}/timeline`, undefined, signal),
    enabled,
  });
}
