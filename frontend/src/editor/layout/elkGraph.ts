/** ELK input from the canvas graph (pure, tested) and positions from ELK's answer. */
import type { ElkNode } from "elkjs/lib/elk-api";
import type { DependencyEdge, JobNode } from "../types";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 64;

export const LAYOUT_OPTIONS: Record<string, string> = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.layered.spacing.nodeNodeBetweenLayers": "90",
  "elk.spacing.nodeNode": "28",
  "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
  "elk.layered.crossingMinimization.strategy": "LAYER_SWEEP",
  // Large graphs: a bounded number of sweeps keeps layout time near-linear.
  "elk.layered.thoroughness": "3",
  "elk.edgeRouting": "POLYLINE",
};

/** Above this many tasks, trade a little crossing quality for a layout in seconds, not tens. */
export const LARGE_GRAPH = 300;
export const LARGE_LAYOUT_OPTIONS: Record<string, string> = {
  ...LAYOUT_OPTIONS,
  "elk.layered.thoroughness": "1",
  "elk.layered.crossingMinimization.greedySwitch.type": "OFF",
};

export function toElkGraph(nodes: Pick<JobNode, "id">[], edges: Pick<DependencyEdge, "id" | "source" | "target">[]): ElkNode {
  const ids = new Set(nodes.map((node) => node.id));
  return {
    id: "root",
    layoutOptions: nodes.length > LARGE_GRAPH ? LARGE_LAYOUT_OPTIONS : LAYOUT_OPTIONS,
    children: nodes.map((node) => ({ id: node.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    // Edges to vanished nodes would make ELK throw; the graph may be mid-edit.
    edges: edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  };
}

export function positionsFrom(layout: ElkNode): Map<string, { x: number; y: number }> {
  return new Map((layout.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
}
