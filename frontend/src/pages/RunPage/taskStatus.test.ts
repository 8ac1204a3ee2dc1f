import { describe, expect, it } from "vitest";
import type { RunTask } from "../../api/types";
import { attemptLabel, elapsed, formatElapsed, stateLabel, taskStatus } from "./taskStatus";

const task = (state: RunTask["state"], extra: Partial<RunTask> & { max_retries?: number } = {}): RunTask => ({
  task_key: "t",
  state,
  ...extra,
});

describe("taskStatus", () => {
  it.each([
    [{ life_cycle_state: "BLOCKED" }, "Waiting", "waiting"],
    [{ life_cycle_state: "PENDING" }, "Queued", "waiting"],
    [{ life_cycle_state: "RUNNING" }, "Running", "running"],
    [{ life_cycle_state: "WAITING_FOR_RETRY" }, "Retrying", "warning"],
    [{ life_cycle_state: "TERMINATED", result_state: "SUCCESS" }, "Succeeded", "success"],
    [{ life_cycle_state: "TERMINATED", result_state: "FAILED" }, "Failed", "danger"],
    [{ life_cycle_state: "TERMINATED", result_state: "TIMEDOUT" }, "Timed out", "danger"],
    [{ life_cycle_state: "TERMINATED", result_state: "CANCELED" }, "Cancelled", "muted"],
    [{ life_cycle_state: "SKIPPED", result_state: "UPSTREAM_FAILED" }, "Upstream failed", "warning"],
    [{ life_cycle_state: "SKIPPED", result_state: "UPSTREAM_CANCELED" }, "Upstream cancelled", "muted"],
    [{ life_cycle_state: "SKIPPED", result_state: "EXCLUDED" }, "Excluded", "muted"],
    [{ life_cycle_state: "SKIPPED", result_state: "DISABLED" }, "Skipped (disabled)", "muted"],
    [{ life_cycle_state: "INTERNAL_ERROR", result_state: "FAILED" }, "Failed", "danger"],
    [undefined, "Waiting", "waiting"],
  ])("reads %o as %s (%s)", (state, label, tone) => {
    const status = taskStatus(task(state));
    expect(status.label).toBe(label);
    expect(status.tone).toBe(tone);
  });

  it("spells out states it does not know", () => {
    expect(stateLabel("SOMETHING_NEW")).toBe("Something new");
  });
});

describe("attemptLabel", () => {
  it.each([
    [0, 0, null],
    [0, 3, null],
    [1, 3, "attempt 2 of 4"],
    [3, 3, "attempt 4 of 4"],
    [2, -1, "attempt 3"],
    [1, 0, "attempt 2 of 2"], // retried although max_retries now says 0 (settings changed)
  ])("attempt_number %i with max_retries %i reads %s", (attempt_number, max_retries, label) => {
    expect(attemptLabel({ attempt_number, max_retries })).toBe(label);
  });
});

describe("elapsed", () => {
  it("counts to now while running and to the end once ended", () => {
    expect(elapsed(1000, 0, 5000)).toBe(4000);
    expect(elapsed(1000, 3000, 5000)).toBe(2000);
    expect(elapsed(0, 0, 5000)).toBe(0);
  });
});

describe("formatElapsed", () => {
  it.each([
    [0, "—"],
    [300, "<1s"],
    [1500, "2s"],
    [61_000, "1m 1s"],
  ])("shows %i ms as %s", (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
