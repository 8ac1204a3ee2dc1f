import { describe, expect, it } from "vitest";
import { buildEdge } from "../graph";
import { NODE_WIDTH } from "./elkGraph";
import { quickPositions } from "./quickLayout";

describe("quickPositions", () => {
  it("puts each task one column right of its deepest upstream", () => {
    const nodes = ["a", "b", "c", "d"].map((id) => ({ id }));
    const edges = [buildEdge("a", "b"), buildEdge("b", "c"), buildEdge("a", "c"), buildEdge("a", "d")];
    const positions = quickPositions(nodes, edges);
    const column = (id: string) => positions.get(id)!.x / (NODE_WIDTH + 90);
    expect(["a", "b", "c", "d"].map(column)).toEqual([0, 1, 2, 1]);
    expect(positions.get("d")!.y).toBeGreaterThan(positions.get("b")!.y);
  });

  it("places a thousand tasks without recursion", () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => ({ id: `n${i}` }));
    const edges = nodes.slice(1).map((node, i) => buildEdge(`n${i}`, node.id));
    expect(quickPositions(nodes, edges).get("n999")!.x).toBe(999 * (NODE_WIDTH + 90));
  });
});
