import { describe, expect, it } from "vitest";
import { buildNode } from "../graph";
import { LARGE_GRAPH } from "./elkGraph";
import { fitOptions } from "./useAutoLayout";

const nodes = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    buildNode({ task_key: `t${i}`, spark_python_task: { python_file: "/f.py" } }, `n${i}`, { x: (count - i) * 10, y: 0 }),
  );

describe("fitOptions", () => {
  it("fits a small job whole", () => {
    expect(fitOptions(nodes(5))).not.toHaveProperty("nodes");
  });

  it("opens a big job readable on its leftmost tasks", () => {
    const options = fitOptions(nodes(LARGE_GRAPH + 1));
    expect(options.minZoom).toBeGreaterThanOrEqual(0.7);
    expect(options.nodes).toHaveLength(12);
    expect(options.nodes?.[0]).toEqual({ id: `n${LARGE_GRAPH}` });
  });
});
