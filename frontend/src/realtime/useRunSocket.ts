import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Run } from "../api/types";
import { keys } from "../queries/keys";
import { reconnectDelay, socketUrl } from "./backoff";

/** Events are coalesced: one REST refetch per this many ms however many arrive (a 500-task run
 * can send dozens a second). */
const REFETCH_EVERY_MS = 250;

type RunMessage = { type: "run.snapshot"; run: Run } | { type: string; [field: string]: unknown };

/**
 * Keeps the TanStack Query cache of run `runId` live over `/ws/runs/<id>/` (docs/websockets.md).
 * The socket's first message (`run.snapshot`, the runs/get object) replaces the cached run; each
 * later event (`run.state`, `task_run.state`, ...) marks it stale, and it is refetched from REST.
 * When the socket drops it reconnects with back-off and refetches on reconnect (the new socket's
 * snapshot arrives too), so the page is never left showing a state older than the last
 * connection. Returns whether the socket is open (callers poll REST only while it is not).
 */
export function useRunSocket(runId: number): { connected: boolean } {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!Number.isFinite(runId) || runId <= 0) return;
    let socket: WebSocket | null = null;
    let attempt = 0;
    let opened = false; // has a socket been open before (then an open is a reconnect)
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let refetch: ReturnType<typeof setTimeout> | undefined;

    const refresh = () => {
      if (refetch !== undefined) return;
      refetch = setTimeout(() => {
        refetch = undefined;
        void client.invalidateQueries({ queryKey: keys.run(runId), exact: true });
      }, REFETCH_EVERY_MS);
    };

    const open = () => {
      socket = new WebSocket(socketUrl(`/ws/runs/${runId}/`));
      socket.onopen = () => {
        attempt = 0;
        setConnected(true);
        if (opened) refresh(); // a reconnect: events sent while we were away are not replayed
        opened = true;
      };
      socket.onmessage = (event: MessageEvent<string>) => {
        let message: RunMessage;
        try {
          message = JSON.parse(event.data) as RunMessage;
        } catch {
          return;
        }
        if (message.type === "run.snapshot") {
          // A REST read still in flight was answered before the snapshot: drop it, keep the newer.
          const run = (message as { run: Run }).run;
          void client
            .cancelQueries({ queryKey: keys.run(runId), exact: true })
            .then(() => client.setQueryData(keys.run(runId), run));
        } else {
          refresh();
        }
      };
      socket.onclose = (event: CloseEvent) => {
        setConnected(false);
        socket = null;
        // 4401/4403/4404: reconnecting cannot help; the REST read shows the error.
        if (stopped || (event.code >= 4400 && event.code < 4500)) return;
        retry = setTimeout(open, reconnectDelay(attempt++));
      };
    };

    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(refetch);
      if (socket) {
        socket.onclose = null;
        socket.close();
      }
      setConnected(false);
    };
  }, [client, runId]);

  return { connected };
}
