/** Keeps one cached run in step with its socket: events are applied to the cache as they come
 * (applyRunEvents), the snapshot of each connection replaces it, and REST reads fill in what
 * events do not carry (times, messages, new attempts) — soon when an event could not be applied
 * or the run ended, otherwise at most every LATER_MS while events keep coming. A REST read never
 * takes the page back: events that arrived while it was in flight are applied on top of its
 * answer, and an answer older than a snapshot is dropped. */
import type { Run } from "../api/types";
import { RUN_ENDED, applyRunEvents, type RunEvent } from "./runEvents";

export const SOON_MS = 100;
export const LATER_MS = 2_000;

export interface RunSyncDeps {
  /** The whole run from REST (jobs/runs/get). */
  read: () => Promise<Run>;
  /** The cached run (undefined before the first read or snapshot). */
  get: () => Run | undefined;
  set: (run: Run) => void;
}

export interface RunSync {
  /** A connection's run.snapshot: the newest state there is. */
  snapshot(run: Run): void;
  /** Events, in the order the socket delivered them. */
  events(events: RunEvent[]): void;
  /** Read the run from REST soon (after a reconnect: events sent meanwhile are not replayed). */
  refresh(): void;
  dispose(): void;
}

export function createRunSync({ read, get, set }: RunSyncDeps): RunSync {
  let generation = 0; // bumped by every snapshot: reads started before it are outdated
  let inFlight: RunEvent[] | null = null; // events seen while a REST read is in flight
  let again = Infinity; // the shortest delay asked for while a read was in flight
  let timer: ReturnType<typeof setTimeout> | undefined;
  let due = Infinity; // when the scheduled read starts
  let disposed = false;

  const schedule = (delay: number) => {
    if (disposed) return;
    if (inFlight) {
      again = Math.min(again, delay);
      return;
    }
    const at = Date.now() + delay;
    if (timer !== undefined && due <= at) return;
    clearTimeout(timer);
    due = at;
    timer = setTimeout(() => {
      timer = undefined;
      due = Infinity;
      void load();
    }, delay);
  };

  const load = async () => {
    const started = generation;
    inFlight = [];
    try {
      const fresh = await read();
      if (!disposed && started === generation) set(applyRunEvents(fresh, inFlight).run);
    } catch {
      // The page keeps what it has; the next event, reconnect or poll reads again.
    } finally {
      inFlight = null;
      if (again !== Infinity) {
        const delay = again;
        again = Infinity;
        schedule(delay);
      }
    }
  };

  return {
    snapshot(run) {
      generation += 1;
      set(run);
    },
    events(events) {
      if (inFlight) inFlight.push(...events);
      const cached = get();
      if (!cached) {
        schedule(SOON_MS);
        return;
      }
      const { run, stale } = applyRunEvents(cached, events);
      if (run !== cached) set(run);
      const ended = RUN_ENDED.has(run.state?.life_cycle_state ?? "");
      schedule(stale || ended ? SOON_MS : LATER_MS);
    },
    refresh() {
      schedule(SOON_MS);
    },
    dispose() {
      disposed = true;
      clearTimeout(timer);
    },
  };
}
