/** Successive changes to the URL's query string, each applied on top of the previous one even
 * before the router has shown it. React Router's setSearchParams hands a functional update the
 * params of the last render, and a data router's navigation lands asynchronously, so "Clear" and
 * then another filter picked at once would compute the second change from the uncleared URL. */
export interface SearchQueue {
  /** The query string the router showed when the queue was last updated. */
  seen: string;
  /** Query strings asked for and not yet shown by the router, oldest first. */
  pending: string[];
}

/** The query string a new change applies to, given what the router shows now: the last one asked
 * for and not yet shown, else the one shown. A shown string that is not one of ours (back button,
 * a link) drops what was pending. */
export function baseOf(queue: SearchQueue, shown: string): SearchQueue & { base: string } {
  let pending = queue.pending;
  if (shown !== queue.seen) {
    const at = pending.indexOf(shown);
    pending = at >= 0 ? pending.slice(at + 1) : [];
  }
  return { seen: shown, pending, base: pending.length ? pending[pending.length - 1] : shown };
}
