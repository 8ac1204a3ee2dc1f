import { useQuery } from "@tanstack/react-query";
import { runs } from "../api/endpoints";
import { keys } from "./keys";

const ACTIVE = new Set(["QUEUED", "PENDING", "RUNNING", "TERMINATING", "BLOCKED"]);

/** runs/get of one run. With `poll` (the run page sets it while its websocket is down) it is
 * refetched every 2 s while the run is active; otherwise useRunSocket keeps it fresh, and the
 * query reads nothing on its own (a read on window focus that answered after newer socket events
 * would take the page back to an older state). */
export function useRun(runId: number, { poll = true }: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: keys.run(runId),
    queryFn: () => runs.get(runId),
    refetchInterval: (query) =>
      poll && ACTIVE.has(query.state.data?.state?.life_cycle_state ?? "PENDING") ? 2000 : false,
    refetchOnWindowFocus: poll,
    refetchOnReconnect: poll,
  });
}
