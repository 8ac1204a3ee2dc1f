import { useQuery } from "@tanstack/react-query";
import { runs } from "../api/endpoints";
import { keys } from "./keys";

const ACTIVE = new Set(["QUEUED", "PENDING", "RUNNING", "TERMINATING", "BLOCKED"]);

/** Polls while the run is active (the live websocket page replaces this later). */
export function useRun(runId: number) {
  return useQuery({
    queryKey: keys.run(runId),
    queryFn: () => runs.get(runId),
    refetchInterval: (query) =>
      ACTIVE.has(query.state.data?.state?.life_cycle_state ?? "PENDING") ? 2000 : false,
  });
}
