import { useEffect, useState } from "react";
import { reconnectingSocket } from "./reconnectingSocket";

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
    let ended = false;
    let fresh = true; // the next log.append starts the text over (a new connection)

    const socket = reconnectingSocket(
      `/ws/task-runs/${taskRunId}/logs/`,
      {
        onOpen: () => {
          fresh = true;
        },
        onMessage: (data) => {
          const message = JSON.parse(data) as { type: string; text?: string; truncated?: boolean };
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
        },
      },
      { shouldReconnect: () => !ended },
    );

    return () => socket.stop();
  }, [taskRunId]);

  return tail;
}
