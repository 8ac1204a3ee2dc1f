import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { reconnectingSocket, type SocketCallbacks, type SocketOptions } from "./reconnectingSocket";

/** A WebSocket the test drives: `open()`, `send(text)`, `drop(code)` play the server's part. */
class FakeSocket {
  static all: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  closed = false;
  constructor(public url: string) {
    FakeSocket.all.push(this);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.();
  }
  send(data: string) {
    this.onmessage?.({ data });
  }
  drop(code = 1006) {
    this.closed = true;
    this.onclose?.({ code });
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1];

/** Calls of every callback, in order, as strings ("open false", "message x", "close 1006"). */
function start(options: SocketOptions = {}) {
  const calls: string[] = [];
  const callbacks: SocketCallbacks = {
    onOpen: (reconnected) => calls.push(`open ${reconnected}`),
    onMessage: (data) => calls.push(`message ${data}`),
    onClose: (code) => calls.push(`close ${code}`),
  };
  return { calls, socket: reconnectingSocket("/ws/runs/7/", callbacks, options) };
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
  vi.stubGlobal("WebSocket", FakeSocket);
  vi.stubGlobal("window", { location: { protocol: "https:", host: "lf.example" } });
  vi.spyOn(Math, "random").mockReturnValue(0); // no jitter: delays are 500, 1000, 2000 ms ...
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("reconnectingSocket", () => {
  it("opens the path on this server and hands over opens, messages and closes", () => {
    const { calls } = start();
    expect(latest().url).toBe("wss://lf.example/ws/runs/7/");
    latest().open();
    latest().send("hello");
    latest().drop(1006);
    expect(calls).toEqual(["open false", "message hello", "close 1006"]);
  });

  it("reconnects after a drop with growing delays, and says the new open is a reconnect", () => {
    const { calls } = start();
    latest().open();
    latest().drop();
    vi.advanceTimersByTime(499);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    latest().drop(); // never opened: the next wait doubles
    vi.advanceTimersByTime(999);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    latest().open();
    expect(calls.at(-1)).toBe("open true");
  });

  it.each([
    ["open (default)", {}, 500],
    ["caller, who has not said the connection is live", { resetBackoffOn: "caller" } as SocketOptions, 2000],
  ])("starts the back-off over on %s", (_label, options, nextDelay) => {
    start(options);
    latest().drop();
    vi.advanceTimersByTime(500);
    latest().drop();
    vi.advanceTimersByTime(1000);
    latest().open(); // accepted ... and dropped at once
    latest().drop();
    vi.advanceTimersByTime(nextDelay - 1);
    expect(FakeSocket.all).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it("starts the back-off over when the caller says the connection is live", () => {
    const { socket } = start({ resetBackoffOn: "caller" });
    latest().drop();
    vi.advanceTimersByTime(500);
    latest().open();
    socket.resetBackoff(); // e.g. the snapshot arrived
    latest().drop();
    vi.advanceTimersByTime(500);
    expect(FakeSocket.all).toHaveLength(3);
  });

  it.each([4401, 4403, 4404])("does not reconnect after a %i close", (code) => {
    const { calls } = start();
    latest().drop(code);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(calls).toEqual([`close ${code}`]);
  });

  it("does not reconnect when the caller says no (the stream ended)", () => {
    const shouldReconnect = vi.fn(() => false);
    start({ shouldReconnect });
    latest().drop(1000);
    vi.advanceTimersByTime(60_000);
    expect(shouldReconnect).toHaveBeenCalledWith(1000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("stop closes the open socket silently and cancels a pending reconnect", () => {
    const first = start();
    latest().open();
    first.socket.stop();
    expect(latest().closed).toBe(true);
    latest().drop(); // the close event of our own close(): nobody listens any more
    expect(first.calls).toEqual(["open false"]);

    const second = start();
    latest().drop();
    second.socket.stop();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(2); // one socket per start, no reconnect
  });
});
