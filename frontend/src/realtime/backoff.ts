/** Reconnect delays: 0.5 s doubling per failed attempt up to 10 s, with up to 20 % jitter so many
 * pages do not reconnect to a restarted server in the same instant. */
export const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 10_000;

export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + 0.2 * random()));
}

/** ws(s)://<this host><path>: the socket goes to the server that served the page (cookie + Origin). */
export function socketUrl(path: string, location: { protocol: string; host: string } = window.location): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
}
