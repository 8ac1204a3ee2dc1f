import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { JobMatrix } from "../api/runViews";
import { applyTaskEvent, isTaskRunEvent, type TaskRunEvent } from "../pages/JobRuns/matrixEvents";
import { keys } from "../queries/keys";
import { reconnectingSocket } from "./reconnectingSocket";

/** However many events arrive, at most one refetch (or one matrix update) per this many ms. */
const REFETCH_EVERY_MS = 250;

/**
 * Keeps a job's runs views live over `/ws/jobs/<id>/` (docs/websockets.md): every `run.state`
 * (a new run appears with its first one) marks the job's matrix and the runs lists stale, and
 * they are refetched from REST, coalesced; every `task_run.state` updates its matrix cell in
 * place (batched), or refetches when the matrix does not show that run yet. A reconnect refetches
 * too, since events sent while the socket was down are not replayed; 44xx closes are not retried
 * (the REST read shows why). Returns whether the socket is open (the page polls REST only while
 * it is not).
 */
export function useJobSocket(jobId: number): { connected: boolean } {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!Number.isFinite(jobId) || jobId <= 0) return;
    let refetch: ReturnType<typeof setTimeout> | undefined;
    let flush: ReturnType<typeof setTimeout> | undefined;
    let pending: TaskRunEvent[] = [];

    const refresh = () => {
      if (refetch !== undefined) return;
      refetch = setTimeout(() => {
        refetch = undefined;
        void client.invalidateQueries({ queryKey: keys.jobMatrixAll(jobId) });
        void client.invalidateQueries({ queryKey: keys.uiRunsAll });
      }, REFETCH_EVERY_MS);
    };

    const applyPending = () => {
      flush = undefined;
      const events = pending;
      pending = [];
      let unknown = false;
      client.setQueriesData<JobMatrix>({ queryKey: keys.jobMatrixAll(jobId) }, (matrix) => {
        if (!matrix) return matrix;
        let next = matrix;
        for (const event of events) {
          const applied = applyTaskEvent(next, event);
          if (applied === null) unknown = true;
          else next = applied;
        }
        return next;
      });
      if (unknown) refresh();
    };

    const socket = reconnectingSocket(`/ws/jobs/${jobId}/`, {
      onOpen: (reconnected) => {
        setConnected(true);
        if (reconnected) refresh();
      },
      onMessage: (data) => {
        try {
          const message = JSON.parse(data) as { type?: string };
          if (message.type === "run.state") refresh();
          else if (isTaskRunEvent(message)) {
            pending.push(message);
            flush ??= setTimeout(applyPending, REFETCH_EVERY_MS);
          }
        } catch {
          // not JSON: ignore
        }
      },
      onClose: () => setConnected(false),
    });

    return () => {
      socket.stop();
      clearTimeout(refetch);
      clearTimeout(flush);
      setConnected(false);
    };
  }, [client, jobId]);

  return { connected };
}
