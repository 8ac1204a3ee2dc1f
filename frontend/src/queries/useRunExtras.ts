import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import type { RunExtras } from "../pages/RunPage/runTypes";
import { keys } from "./keys";

/** /api/ui/runs/<id>/extras: the job version the run ran and its duration warning, if any. */
export function useRunExtras(runId: number) {
  return useQuery({
    queryKey: keys.runExtras(runId),
    queryFn: ({ signal }) => api.get<RunExtras>(`/api/ui/runs/${runId}/extras`, undefined, signal),
  });
}
