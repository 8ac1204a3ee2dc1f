import { describe, expect, it } from "vitest";
import { MAX_DELAY_MS, reconnectDelay, socketUrl } from "./backoff";

describe("reconnectDelay", () => {
  it("doubles from half a second per failed attempt", () => {
    expect([0, 1, 2, 3].map((n) => reconnectDelay(n, () => 0))).toEqual([500, 1000, 2000, 4000]);
  });

  it("never waits longer than the cap plus jitter", () => {
    expect(reconnectDelay(50, () => 0)).toBe(MAX_DELAY_MS);
    expect(reconnectDelay(50, () => 1)).toBe(MAX_DELAY_MS * 1.2);
  });
});

describe("socketUrl", () => {
  it("uses wss on https pages and ws on http pages", () => {
    expect(socketUrl("/ws/runs/1/", { protocol: "https:", host: "lf.example" })).toBe("wss://lf.example/ws/runs/1/");
    expect(socketUrl("/ws/runs/1/", { protocol: "http:", host: "127.0.0.1:8000" })).toBe("ws://127.0.0.1:8000/ws/runs/1/");
  });
});
