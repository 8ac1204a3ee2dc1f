import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { runs } from "../api/endpoints";
import type { Run } from "../api/types";
import { keys } from "../queries/keys";
import { frameBatcher } from "./frameBatch";
import { isRunEvent, type RunEvent } from "./runEvents";
import { reconnectingSocket } from "./reconnectingSocket";
import { createRunSync } from "./runSync";

/** A streaming run updates the page at most this often (a lone event still shows in the next
 * frame): with 500 tasks and no GPU each update's repaint costs milliseconds. */
const UPDATE_GAP_MS = 100;

type RunMessage = { type: "run.snapshot"; run: Run } | RunEvent | { type: string };

/**
 * Keeps the TanStack Query cache of run `runId` live over `/ws/runs/<id>/` (docs/websockets.md).
 * The socket's first message (`run.snapshot`, the runs/get object) replaces the cached run; later
 * events (`run.state`, `task_run.state`) are applied to it directly, once per animation frame (at
 * most every UPDATE_GAP_MS) however many arrive (frameBatch.ts, runSync.ts), and REST reads fill
 * in times and new attempts. When the socket drops it reconnects with back-off and reads the run
 * again (the new socket's snapshot arrives too), so the page never stays on a state older than
 * the last connection. Returns whether the socket is live (callers poll REST only while it is not).
 */
export function useRunSocket(runId: number): { connected: boolean } {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!Number.isFinite(runId) || runId <= 0) return;
    const key = keys.run(runId);
    const sync = createRunSync({
      read: () => runs.get(runId),
      get: () => client.getQueryData<Run>(key),
      set: (run) => client.setQueryData(key, run),
    });
    const batch = frameBatcher<RunEvent>((events) => sync.events(events), { minGapMs: UPDATE_GAP_MS });

    const socket = reconnectingSocket(
      `/ws/runs/${runId}/`,
      {
        onOpen: (reconnected) => {
          if (reconnected) sync.refresh(); // events sent while we were away are not replayed
        },
        onMessage: (data) => {
          let message: RunMessage;
          try {
            message = JSON.parse(data) as RunMessage;
          } catch {
            return;
          }
          if (message.type === "run.snapshot") {
            // A REST read (the query's or ours) still in flight was answered before the snapshot:
            // drop it and keep the newer. Events still queued came over the previous connection,
            // before the snapshot: drop them too.
            const run = (message as { run: Run }).run;
            batch.clear();
            void client.cancelQueries({ queryKey: key, exact: true });
            sync.snapshot(run);
            // Live from here (not from the open: a server that accepts and drops at once must
            // not reset the back-off, nor stop the REST polling).
            socket.resetBackoff();
            setConnected(true);
          } else if (isRunEvent(message)) {
            batch.push(message);
          } else if (message.type === "run.duration_warning") {
            sync.refresh(); // runs/get carries the warning (duration_warning); no event can say it
          }
        },
        onClose: () => setConnected(false),
      },
      { resetBackoffOn: "caller" },
    );

    return () => {
      socket.stop();
      batch.clear();
      sync.dispose();
      setConnected(false);
    };
  }, [client, runId]);

  return { connected };
}
