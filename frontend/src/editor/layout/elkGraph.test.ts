import { describe, expect, it } from "vitest";
import { buildEdge } from "../graph";
import { LARGE_GRAPH, LAYOUT_OPTIONS, NODE_HEIGHT, NODE_WIDTH, positionsFrom, toElkGraph } from "./elkGraph";

describe("toElkGraph", () => {
  it("lays out left to right with every node sized", () => {
    const graph = toElkGraph([{ id: "a" }, { id: "b" }], [buildEdge("a", "b")]);
    expect(graph.layoutOptions?.["elk.direction"]).toBe("RIGHT");
    expect(graph.layoutOptions).toBe(LAYOUT_OPTIONS);
    expect(graph.children).toEqual([
      { id: "a", width: NODE_WIDTH, height: NODE_HEIGHT },
      { id: "b", width: NODE_WIDTH, height: NODE_HEIGHT },
    ]);
    expect(graph.edges).toEqual([{ id: "a->b", sources: ["a"], targets: ["b"] }]);
  });

  it("uses the quicker options for a large job", () => {
    const nodes = Array.from({ length: LARGE_GRAPH + 1 }, (_, i) => ({ id: `n${i}` }));
    expect(toElkGraph(nodes, []).layoutOptions?.["elk.layered.thoroughness"]).toBe("1");
  });

  it("leaves out edges to nodes that are gone", () => {
    expect(toElkGraph([{ id: "a" }], [buildEdge("a", "ghost")]).edges).toEqual([]);
  });

  it("reads positions back by node id", () => {
    const positions = positionsFrom({ id: "root", children: [{ id: "a", x: 10, y: 20 }, { id: "b" }] });
    expect(positions.get("a")).toEqual({ x: 10, y: 20 });
    expect(positions.get("b")).toEqual({ x: 0, y: 0 });
  });
});
