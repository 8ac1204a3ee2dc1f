/** An instant left-to-right placement (longest-path layers, rows in task order) so a big job
 * shows as a DAG on its first frame; ELK's layout replaces it when the worker answers. */
import type { DependencyEdge, JobNode } from "../types";
import { NODE_HEIGHT, NODE_WIDTH } from "./elkGraph";

const LAYER_GAP = 90;
const ROW_GAP = 28;

export function quickPositions(
  nodes: Pick<JobNode, "id">[],
  edges: Pick<DependencyEdge, "source" | "target">[],
): Map<string, { x: number; y: number }> {
  const ids = new Set(nodes.map((node) => node.id));
  const incoming = new Map<string, number>(nodes.map((node) => [node.id, 0]));
  const outgoing = new Map<string, string[]>();
  for (const edge of edges) {
    if (!ids.has(edge.source) || !ids.has(edge.target)) continue;
    incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), edge.target]);
  }
  // Kahn's order; a node's layer is one more than its deepest upstream.
  const layer = new Map<string, number>();
  const queue = nodes.filter((node) => incoming.get(node.id) === 0).map((node) => node.id);
  for (const id of queue) layer.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const next of outgoing.get(id) ?? []) {
      layer.set(next, Math.max(layer.get(next) ?? 0, (layer.get(id) ?? 0) + 1));
      const left = (incoming.get(next) ?? 0) - 1;
      incoming.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const column = layer.get(node.id) ?? 0; // nodes on a cycle (never saved) stay in column 0
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions.set(node.id, { x: column * (NODE_WIDTH + LAYER_GAP), y: row * (NODE_HEIGHT + ROW_GAP) });
  }
  return positions;
}
