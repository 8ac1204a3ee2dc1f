import { describe, expect, it } from "vitest";
import type { RunTask } from "../../api/types";
import { attemptsAsOf, historyEntries, pastEntry, tasksAsOf } from "./repairHistory";
import type { RepairHistoryItem } from "./runTypes";

/** One attempt: task `key`, wire run id `run_id`, attempt number, result. */
const buildAttempt = (task_key: string, run_id: number, attempt_number: number, result_state: string): RunTask => ({
  task_key,
  run_id,
  attempt_number,
  state: { life_cycle_state: "TERMINATED", result_state },
});

const original = (ids: number[], result_state: string): RepairHistoryItem => ({
  type: "ORIGINAL",
  task_run_ids: ids,
  state: { life_cycle_state: "TERMINATED", result_state },
});
const repair = (id: number, ids: number[], result_state: string): RepairHistoryItem => ({
  type: "REPAIR",
  id,
  task_run_ids: ids,
  state: { life_cycle_state: "TERMINATED", result_state },
});

// a -> b -> c in every case; the original run's b failed (c: UPSTREAM_FAILED).
const firstRun = [buildAttempt("a", 1, 0, "SUCCESS"), buildAttempt("b", 2, 0, "FAILED"), buildAttempt("c", 3, 0, "UPSTREAM_FAILED")];

interface Case {
  name: string;
  tasks: RunTask[];
  history: RepairHistoryItem[];
  /** For each history index, the run id shown per task. */
  expected: Record<string, number>[];
}

const cases: Case[] = [
  {
    name: "no repairs: the one entry shows every task's only attempt",
    tasks: firstRun,
    history: [original([1, 2, 3], "FAILED")],
    expected: [{ a: 1, b: 2, c: 3 }],
  },
  {
    name: "one repair re-running the failed task and its dependent",
    tasks: [...firstRun, buildAttempt("b", 4, 1, "SUCCESS"), buildAttempt("c", 5, 1, "SUCCESS")],
    history: [original([1, 2, 3], "FAILED"), repair(10, [4, 5], "SUCCESS")],
    expected: [
      { a: 1, b: 2, c: 3 },
      { a: 1, b: 4, c: 5 },
    ],
  },
  {
    name: "two repairs: each entry keeps the attempts of the ones before it",
    tasks: [
      ...firstRun,
      buildAttempt("b", 4, 1, "FAILED"),
      buildAttempt("c", 5, 1, "UPSTREAM_FAILED"),
      buildAttempt("c", 6, 2, "SUCCESS"),
      buildAttempt("b", 7, 2, "SUCCESS"),
    ],
    history: [original([1, 2, 3], "FAILED"), repair(10, [4, 5], "FAILED"), repair(11, [6, 7], "SUCCESS")],
    expected: [
      { a: 1, b: 2, c: 3 },
      { a: 1, b: 4, c: 5 },
      { a: 1, b: 7, c: 6 },
    ],
  },
  {
    name: "retries within the original run and within a repair: the last retry of each",
    tasks: [
      buildAttempt("a", 1, 0, "SUCCESS"),
      buildAttempt("b", 2, 0, "FAILED"),
      buildAttempt("c", 3, 0, "UPSTREAM_FAILED"),
      buildAttempt("b", 4, 1, "FAILED"), // the original run's retry of b
      buildAttempt("b", 5, 2, "FAILED"), // the repair's first attempt
      buildAttempt("b", 6, 3, "SUCCESS"), // ... and its retry
      buildAttempt("c", 7, 1, "SUCCESS"),
    ],
    history: [original([1, 2, 3, 4], "FAILED"), repair(10, [5, 6, 7], "SUCCESS")],
    expected: [
      { a: 1, b: 4, c: 3 },
      { a: 1, b: 6, c: 7 },
    ],
  },
];

const shown = (tasks: RunTask[]) => Object.fromEntries(tasks.map((t) => [t.task_key, t.run_id]));

describe("tasksAsOf", () => {
  it.each(cases)("$name", ({ tasks, history, expected }) => {
    expect(expected.map((_, index) => shown(tasksAsOf(tasks, history, index)))).toEqual(expected);
  });

  it("keeps, in the latest entry, an attempt the history does not list yet (a live event's)", () => {
    const tasks = [...firstRun, buildAttempt("b", 4, 1, "RUNNING")];
    const history = [original([1, 2, 3], "FAILED"), repair(10, [], "RUNNING")];
    expect(shown(tasksAsOf(tasks, history, 1))).toEqual({ a: 1, b: 4, c: 3 });
    expect(attemptsAsOf(tasks, history, 0).map((t) => t.run_id)).toEqual([1, 2, 3]);
  });
});

describe("historyEntries", () => {
  it.each([
    { name: "no history", history: undefined, labels: [] },
    { name: "never repaired", history: [original([1], "FAILED")], labels: [] },
    {
      name: "two repairs",
      history: [original([1], "FAILED"), repair(10, [2], "FAILED"), repair(11, [3], "SUCCESS")],
      labels: ["original:Original run:FAILED", "10:Repair 1:FAILED", "11:Latest (Repair 2):SUCCESS"],
    },
  ])("$name", ({ history, labels }) => {
    expect(historyEntries(history).map((e) => `${e.key}:${e.label}:${e.state}`)).toEqual(labels);
  });
});

describe("pastEntry", () => {
  const entries = historyEntries([original([1], "FAILED"), repair(10, [2], "FAILED"), repair(11, [3], "SUCCESS")]);
  it.each([
    { param: "original", index: 0 },
    { param: "10", index: 1 },
    { param: "11", index: undefined }, // the latest entry is the live view
    { param: null, index: undefined },
    { param: "999", index: undefined },
  ])("?repair=$param selects $index", ({ param, index }) => {
    expect(pastEntry(entries, param)?.index).toBe(index);
  });
});
