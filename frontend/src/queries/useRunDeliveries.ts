import { useQuery } from "@tanstack/react-query";
import { deliveries } from "../api/deliveries";
import { keepPolling } from "../pages/RunPage/deliveries";
import { keys } from "./keys";

const EVERY_MS = 3000;

/** /api/ui/notifications/deliveries of one run: read every 3 s while the run is active, while a
 * delivery is pending or retrying, and a little after the run ended (see keepPolling). */
export function useRunDeliveries(runId: number, { runActive, runEndTime }: { runActive: boolean; runEndTime: number | undefined }) {
  return useQuery({
    queryKey: keys.runDeliveries(runId),
    queryFn: ({ signal }) => deliveries.list(runId, signal).then((body) => body.deliveries),
    refetchInterval: (query) =>
      keepPolling({ runActive, runEndTime, now: Date.now(), deliveries: query.state.data }) ? EVERY_MS : false,
  });
}
