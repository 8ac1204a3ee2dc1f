import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { keys } from "../queries/keys";
import { reconnectDelay, socketUrl } from "./backoff";

/** However many events arrive, at most one refetch per this many ms. */
const REFETCH_EVERY_MS = 250;

/**
 * Keeps a job's runs views live over `/ws/jobs/<id>/` (docs/websockets.md): every `run.state`
 * (a new run appears with its first one) marks the job's matrix and the runs lists stale, and
 * they are refetched from REST, coalesced. A reconnect refetches too, since events sent while
 * the socket was down are not replayed; 44xx closes are not retried (the REST read shows why).
 * Returns whether the socket is open (the page polls REST only while it is not).
 */
export function useJobSocket(jobId: number): { connected: boolean } {
  const client = useQueryClient();
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!Number.isFinite(jobId) || jobId <= 0) return;
    let socket: WebSocket | null = null;
    let attempt = 0;
    let opened = false;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let refetch: ReturnType<typeof setTimeout> | undefined;

    const refresh = () => {
      if (refetch !== undefined) return;
      refetch = setTimeout(() => {
        refetch = undefined;
        void client.invalidateQueries({ queryKey: keys.jobMatrixAll(jobId) });
        void client.invalidateQueries({ queryKey: keys.uiRunsAll });
      }, REFETCH_EVERY_MS);
    };

    const open = () => {
      socket = new WebSocket(socketUrl(`/ws/jobs/${jobId}/`));
      socket.onopen = () => {
        attempt = 0;
        setConnected(true);
        if (opened) refresh();
        opened = true;
      };
      socket.onmessage = (event: MessageEvent<string>) => {
        try {
          const message = JSON.parse(event.data) as { type?: string };
          if (message.type === "run.state") refresh();
        } catch {
          // not JSON: ignore
        }
      };
      socket.onclose = (event: CloseEvent) => {
        setConnected(false);
        socket = null;
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
  }, [client, jobId]);

  return { connected };
}
