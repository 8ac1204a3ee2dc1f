import { describe, expect, it } from "vitest";
import type { RunTask } from "../../api/types";
import { defaultRepairSelection, dependentsOf, toggleRepairTask } from "./repairSelection";

const buildTask = (task_key: string, deps: string[], result_state?: string, attempt_number = 0): RunTask => ({
  task_key,
  attempt_number,
  depends_on: deps.map((key) => ({ task_key: key })),
  state: result_state ? { life_cycle_state: "TERMINATED", result_state } : { life_cycle_state: "BLOCKED" },
});

// a -> b -> d, a -> c -> d, e alone
const dag = (states: Record<string, string>) => [
  buildTask("a", [], states.a ?? "SUCCESS"),
  buildTask("b", ["a"], states.b ?? "SUCCESS"),
  buildTask("c", ["a"], states.c ?? "SUCCESS"),
  buildTask("d", ["b", "c"], states.d ?? "SUCCESS"),
  buildTask("e", [], states.e ?? "SUCCESS"),
];

describe("dependentsOf", () => {
  it("follows the DAG downstream, transitively, without the start tasks", () => {
    expect([...dependentsOf(dag({}), ["a"])].sort()).toEqual(["b", "c", "d"]);
    expect([...dependentsOf(dag({}), ["c"])]).toEqual(["d"]);
    expect([...dependentsOf(dag({}), ["d", "e"])]).toEqual([]);
  });
});

describe("defaultRepairSelection", () => {
  it("preselects a failed task and everything downstream of it", () => {
    expect(defaultRepairSelection(dag({ b: "FAILED", d: "UPSTREAM_FAILED" }))).toEqual(["b", "d"]);
  });

  it("includes dependents that succeeded (they must see the repaired result)", () => {
    expect(defaultRepairSelection(dag({ a: "TIMEDOUT" }))).toEqual(["a", "b", "c", "d"]);
  });

  it("preselects cancelled tasks and nothing in a green run", () => {
    expect(defaultRepairSelection(dag({ e: "CANCELED" }))).toEqual(["e"]);
    expect(defaultRepairSelection(dag({}))).toEqual([]);
  });

  it("judges a retried task by its latest attempt", () => {
    const tasks = [buildTask("a", [], "FAILED", 0), buildTask("a", [], "SUCCESS", 1), buildTask("b", ["a"], "SUCCESS")];
    expect(defaultRepairSelection(tasks)).toEqual([]);
  });
});

describe("toggleRepairTask", () => {
  it("ticks a task with its dependents and unticks it alone, keeping run order", () => {
    const tasks = dag({});
    expect(toggleRepairTask(tasks, ["e"], "b")).toEqual(["b", "d", "e"]);
    expect(toggleRepairTask(tasks, ["b", "d", "e"], "b")).toEqual(["d", "e"]);
  });
});
