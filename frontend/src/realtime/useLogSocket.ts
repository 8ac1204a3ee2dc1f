import { useEffect, useState } from "react";
import { reconnectDelay, socketUrl } from "./backoff";

/** The page keeps at most this much of a log (the server sends at most the last 5 MB). */
const MAX_CHARS = 2_000_000;

export interface LogTail {
  text: string;
  /** The attempt ended and the whole log arrived (`log.end`). */
  ended: boolean;
  truncated: boolean;
}

const EMPTY: LogTail = { text: "", ended: false, truncated: false };

/**
 * The log of one task attempt over `/ws/task-runs/<id>/logs/` (docs/websockets.md): the text so
 * far, then new text as it is written. Every (re)connect starts again from the server's copy, so a
 * dropped socket never leaves a gap; it reconnects with back-off until `log.end`.
 */
export function useLogSocket(taskRunId: number | undefined): LogTail {
  const [tail, setTail] = useState<LogTail>(EMPTY);

  useEffect(() => {
    setTail(EMPTY);
    if (!taskRunId) return;
    let socket: WebSocket | null = null;
    let attempt = 0;
    let ended = false;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let fresh = true; // the next log.append starts the text over (a new connection)

    const open = () => {
      fresh = true;
      socket = new WebSocket(socketUrl(`/ws/task-runs/${taskRunId}/logs/`));
      socket.onopen = () => {
        attempt = 0;
      };
      socket.onmessage = (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as { type: string; text?: string; truncated?: boolean };
        if (message.type === "log.append") {
          const start = fresh;
          fresh = false;
          setTail((prev) => {
            const text = (start ? "" : prev.text) + (message.text ?? "");
            const cut = text.length > MAX_CHARS;
            return {
              text: cut ? text.slice(-MAX_CHARS) : text,
              ended: false,
              truncated: (start ? false : prev.truncated) || cut || Boolean(message.truncated),
            };
          });
        } else if (message.type === "log.end") {
          ended = true;
          const start = fresh;
          setTail((prev) => ({ ...(start ? EMPTY : prev), ended: true }));
        }
      };
      socket.onclose = (event: CloseEvent) => {
        socket = null;
        if (stopped || ended || (event.code >= 4400 && event.code < 4500)) return;
        retry = setTimeout(open, reconnectDelay(attempt++));
      };
    };

    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      if (socket) {
        socket.onclose = null;
        socket.close();
      }
    };
  }, [taskRunId]);

  return tail;
}
