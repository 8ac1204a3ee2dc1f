import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Run } from "../api/types";
import type { RunEvent } from "./runEvents";
import { LATER_MS, SOON_MS, createRunSync } from "./runSync";
import { runEvent, taskEvent as event } from "./testEvents";

const buildRun = (life: string, taskLife = "BLOCKED", result?: string): Run => ({
  run_id: 1,
  state: { life_cycle_state: life },
  tasks: [{ task_key: "a", run_id: 10, state: result ? { life_cycle_state: taskLife, result_state: result } : { life_cycle_state: taskLife } }],
});
/** Attempt `id` of task "a" now in wire state `life`. */
const taskEvent = (life: string, id = 10): RunEvent => event(id, life, { key: "a" });

/** A cache, and a REST endpoint the test answers by hand. */
function harness(initial?: Run) {
  let cached = initial;
  const answers: ((run: Run) => void)[] = [];
  const sync = createRunSync({
    read: () => new Promise<Run>((resolve) => answers.push(resolve)),
    get: () => cached,
    set: (run) => {
      cached = run;
    },
  });
  return { sync, answers, cached: () => cached };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("createRunSync", () => {
  it("applies events to the cache at once and reads REST only later", () => {
    const h = harness(buildRun("RUNNING"));
    h.sync.events([taskEvent("PENDING"), taskEvent("RUNNING")]);
    expect(h.cached()?.tasks?.[0].state?.life_cycle_state).toBe("RUNNING");
    vi.advanceTimersByTime(LATER_MS - 1);
    expect(h.answers).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(h.answers).toHaveLength(1);
  });

  it("reads at most once per LATER_MS however many events come", () => {
    const h = harness(buildRun("RUNNING"));
    for (let ms = 0; ms < LATER_MS * 3; ms += 20) {
      h.sync.events([taskEvent("PENDING")]);
      vi.advanceTimersByTime(20);
    }
    expect(h.answers.length).toBeLessThanOrEqual(3);
  });

  it("reads soon when an event names an attempt it does not have, or the run ended", () => {
    const h = harness(buildRun("RUNNING"));
    h.sync.events([taskEvent("PENDING", 11)]); // a new attempt of task "a"
    vi.advanceTimersByTime(SOON_MS);
    expect(h.answers).toHaveLength(1);
    const ended = harness(buildRun("RUNNING"));
    ended.sync.events([runEvent("TERMINATED", { result: "SUCCESS" })]);
    expect(ended.cached()?.state?.life_cycle_state).toBe("TERMINATED");
    vi.advanceTimersByTime(SOON_MS);
    expect(ended.answers).toHaveLength(1);
  });

  it("applies events that arrived during a REST read on top of its answer", async () => {
    const h = harness(buildRun("RUNNING"));
    h.sync.refresh();
    vi.advanceTimersByTime(SOON_MS);
    h.sync.events([taskEvent("PENDING"), taskEvent("RUNNING")]);
    h.answers[0](buildRun("RUNNING", "BLOCKED")); // read before those events happened
    await vi.runAllTicks();
    await Promise.resolve();
    expect(h.cached()?.tasks?.[0].state?.life_cycle_state).toBe("RUNNING");
  });

  it("drops a REST answer older than a snapshot", async () => {
    const h = harness(buildRun("RUNNING"));
    h.sync.refresh();
    vi.advanceTimersByTime(SOON_MS);
    h.sync.snapshot(buildRun("TERMINATED", "TERMINATED", "SUCCESS"));
    h.answers[0](buildRun("RUNNING", "RUNNING"));
    await Promise.resolve();
    await Promise.resolve();
    expect(h.cached()?.state?.life_cycle_state).toBe("TERMINATED");
    expect(h.cached()?.tasks?.[0].state?.result_state).toBe("SUCCESS");
  });

  it("reads once more after a read that events overlapped, not in a loop", async () => {
    const h = harness(buildRun("RUNNING"));
    h.sync.refresh();
    vi.advanceTimersByTime(SOON_MS);
    h.sync.events([taskEvent("PENDING")]);
    h.answers[0](buildRun("RUNNING"));
    await Promise.resolve();
    await Promise.resolve();
    vi.advanceTimersByTime(LATER_MS);
    expect(h.answers).toHaveLength(2);
    h.answers[1](buildRun("RUNNING", "PENDING"));
    await Promise.resolve();
    await Promise.resolve();
    vi.advanceTimersByTime(LATER_MS * 5);
    expect(h.answers).toHaveLength(2);
  });
});
