import { describe, expect, it } from "vitest";
import { buildEdge, buildNode, graphToSettings, settingsToGraph, uniqueTaskKey, validateTask, wouldCreateCycle } from "./graph";
import { buildSettings, buildTask } from "./testBuilders";

describe("settings <-> graph", () => {
  it("turns tasks into typed nodes and depends_on into edges", () => {
    const { nodes, edges, job } = settingsToGraph(
      buildSettings([
        buildTask("a"),
        { task_key: "check", condition_task: { op: "EQUAL_TO", left: "1", right: "1" }, depends_on: [{ task_key: "a" }] },
        buildTask("b", [], { depends_on: [{ task_key: "check", outcome: "false" }] }),
      ]),
    );
    expect(nodes.map((node) => [node.type, node.data.task.task_key])).toEqual([
      ["python", "a"],
      ["condition", "check"],
      ["python", "b"],
    ]);
    expect(edges.map((edge) => [edge.source, edge.target, edge.data?.outcome])).toEqual([
      ["t0", "t1", undefined],
      ["t1", "t2", "false"],
    ]);
    expect(job).toEqual({ name: "job", max_concurrent_runs: 1 });
  });

  it("round-trips settings unchanged", () => {
    const settings = buildSettings(
      [
        buildTask("extract"),
        buildTask("transform", ["extract"], { run_if: "ALL_DONE", max_retries: 2, job_cluster_key: "c" }),
        buildTask("load", ["extract", "transform"], { disabled: true }),
      ],
      { schedule: { quartz_cron_expression: "0 0 6 * * ?", timezone_id: "UTC" }, parameters: [{ name: "day", default: "" }] },
    );
    const { nodes, edges, job } = settingsToGraph(settings);
    expect(graphToSettings(nodes, edges, job)).toEqual(settings);
  });

  it("drops a dependency on a task that does not exist", () => {
    const { edges } = settingsToGraph(buildSettings([buildTask("a", ["ghost"])]));
    expect(edges).toEqual([]);
  });

  it("writes the outcome of a condition edge into depends_on", () => {
    const nodes = [buildNode({ task_key: "c", condition_task: { op: "EQUAL_TO", left: "a", right: "b" } }, "n1"), buildNode({ task_key: "x", notebook_task: { notebook_path: "/n" } }, "n2")];
    const settings = graphToSettings(nodes, [buildEdge("n1", "n2", "true")], {});
    expect(settings.tasks?.[1].depends_on).toEqual([{ task_key: "c", outcome: "true" }]);
  });
});

describe("wouldCreateCycle", () => {
  const chain = [buildEdge("a", "b"), buildEdge("b", "c")];

  it.each([
    ["c", "a", true],
    ["b", "a", true],
    ["a", "a", true],
    ["a", "c", false],
    ["c", "d", false],
  ])("connecting %s -> %s: cycle=%s", (source, target, cycle) => {
    expect(wouldCreateCycle(chain, source, target)).toBe(cycle);
  });

  it("stays fast on a long chain", () => {
    const edges = Array.from({ length: 5000 }, (_, i) => buildEdge(`n${i}`, `n${i + 1}`));
    expect(wouldCreateCycle(edges, "n5000", "n0")).toBe(true);
    expect(wouldCreateCycle(edges, "n0", "n5000")).toBe(false);
  });
});

describe("task keys and validation", () => {
  it("numbers a key that is taken", () => {
    expect(uniqueTaskKey("notebook", ["notebook", "notebook_2"])).toBe("notebook_3");
    expect(uniqueTaskKey("sql", [])).toBe("sql");
  });

  it("marks missing fields by their path", () => {
    expect(validateTask({ task_key: "n", notebook_task: { notebook_path: "" } })).toEqual({ "notebook_task.notebook_path": "Pick a notebook." });
    expect(validateTask({ task_key: "s", sql_task: { warehouse_id: "" } })).toEqual({
      "sql_task.warehouse_id": "Pick a SQL warehouse.",
      "sql_task.file.path": "Pick a SQL file.",
    });
  });

  it("refuses a duplicate or malformed key", () => {
    const task = { task_key: "a b", spark_python_task: { python_file: "/f.py" } };
    expect(validateTask(task).task_key).toMatch(/letters/);
    expect(validateTask({ ...task, task_key: "a" }, new Set(["a"])).task_key).toMatch(/already/);
  });

  it("validates the nested task of a for_each", () => {
    const task = { task_key: "loop", for_each_task: { inputs: "[1]", task: { task_key: "inner", notebook_task: { notebook_path: "" } } } };
    expect(validateTask(task)).toEqual({ "for_each_task.task.notebook_task.notebook_path": "Pick a notebook." });
  });
});
