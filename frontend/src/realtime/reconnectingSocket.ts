/** The reconnect scaffolding every live view shares (docs/websockets.md): open a WebSocket to this
 * server, reconnect with back-off (backoff.ts) when it drops, never retry a 44xx close (4401/4403/
 * 4404: the REST read shows why), and stop for good when the caller is done. Framework-free: the
 * hooks in this folder hold what their view does with the messages. */
import { reconnectDelay, socketUrl } from "./backoff";

export interface SocketCallbacks {
  /** A socket opened; `reconnected`: an earlier one had opened (events sent in between are lost). */
  onOpen?(reconnected: boolean): void;
  /** One message's text, as sent. */
  onMessage?(data: string): void;
  /** The socket closed (not called after `stop()`); a reconnect follows unless the code is 44xx. */
  onClose?(code: number): void;
}

export interface SocketOptions {
  /** When the back-off starts over: on every open (default), or only when the caller says the
   * connection is live (`resetBackoff()`, e.g. after a snapshot) -- so a server that accepts and
   * drops at once keeps backing off. */
  resetBackoffOn?: "open" | "caller";
  /** Asked after `onClose`: false = do not reconnect (e.g. the stream ended). */
  shouldReconnect?(code: number): boolean;
}

export interface ReconnectingSocket {
  /** The connection is live: the next drop waits the shortest delay again. */
  resetBackoff(): void;
  /** Close the socket and never reconnect; no callback runs after this. */
  stop(): void;
}

/** A close code after which reconnecting cannot help (not signed in, no permission, not found). */
export function isFinalClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}

/** Opens `path` (e.g. `/ws/runs/1/`) on this server now, and again after each drop. */
export function reconnectingSocket(path: string, callbacks: SocketCallbacks, options: SocketOptions = {}): ReconnectingSocket {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let opened = false; // has a socket been open before (then an open is a reconnect)
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    retry = undefined;
    const current = new WebSocket(socketUrl(path));
    socket = current;
    current.onopen = () => {
      if (options.resetBackoffOn !== "caller") attempt = 0;
      const reconnected = opened;
      opened = true;
      callbacks.onOpen?.(reconnected);
    };
    current.onmessage = (event: MessageEvent<string>) => callbacks.onMessage?.(event.data);
    current.onclose = (event: CloseEvent) => {
      socket = null;
      callbacks.onClose?.(event.code);
      if (stopped || isFinalClose(event.code)) return;
      if (options.shouldReconnect && !options.shouldReconnect(event.code)) return;
      retry = setTimeout(open, reconnectDelay(attempt++));
    };
  };

  open();
  return {
    resetBackoff() {
      attempt = 0;
    },
    stop() {
      stopped = true;
      clearTimeout(retry);
      if (socket) {
        socket.onopen = null;
        socket.onmessage = null;
        socket.onclose = null;
        socket.close();
        socket = null;
      }
    },
  };
}
