import { describe, expect, it } from "vitest";
import { edgePath, edgesKey, graphEdges } from "./graphEdges";

const buildTask = (task_key: string, deps: (string | [string, string])[] = []) => ({
  task_key,
  depends_on: deps.map((dep) => (Array.isArray(dep) ? { task_key: dep[0], outcome: dep[1] } : { task_key: dep })),
});

describe("graphEdges", () => {
  it("draws one edge per dependency between known tasks, keeping a condition's branch", () => {
    const tasks = [buildTask("a"), buildTask("b", ["a", "ghost"]), buildTask("c", [["b", "true"]])];
    expect(graphEdges(tasks)).toEqual([
      { from: "a", to: "b" },
      { from: "b", to: "c", outcome: "true" },
    ]);
    expect(edgesKey(graphEdges(tasks))).toBe("a>b|b>c");
  });
});

describe("edgePath", () => {
  it("curves from the upstream node's right middle to the downstream node's left middle", () => {
    const path = edgePath({ x: 0, y: 0, width: 100, height: 40 }, { x: 200, y: 60, width: 100, height: 40 });
    expect(path).toBe("M 100 20 C 150 20, 150 80, 200 80");
  });
});
