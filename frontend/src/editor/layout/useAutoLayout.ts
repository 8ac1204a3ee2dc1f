import { useCallback, useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { useEditorStore } from "../store/editorStore";
import { runLayout } from "./elk";
import type { JobNode } from "../types";
import { LARGE_GRAPH, positionsFrom, toElkGraph } from "./elkGraph";

/** Where to look first. A big job is not shrunk to dots: the view opens readable on its first
 * tasks (left, where runs start) and the minimap shows the rest. */
export function fitOptions(nodes: JobNode[]) {
  if (nodes.length <= LARGE_GRAPH) return { padding: 0.15, maxZoom: 1.1, duration: 0 };
  const first = [...nodes]
    .sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y)
    .slice(0, 12)
    .map((node) => ({ id: node.id }));
  return { padding: 0.1, maxZoom: 1, minZoom: 0.7, nodes: first, duration: 0 };
}

/** Lays the graph out left to right with ELK, then fits it in view. */
export function useAutoLayout() {
  const { fitView } = useReactFlow();
  const [running, setRunning] = useState(false);
  // How many layouts finished: the canvas exposes it so tests and the benchmark can wait for it.
  const [finished, setFinished] = useState(0);

  const layout = useCallback(
    async (options: { fit?: boolean; record?: boolean } = {}) => {
      const { nodes, edges, applyPositions } = useEditorStore.getState();
      if (nodes.length === 0) return;
      setRunning(true);
      performance.mark("lakeflow:layout-start");
      try {
        const result = await runLayout(toElkGraph(nodes, edges));
        performance.measure("lakeflow:layout", "lakeflow:layout-start");
        applyPositions(positionsFrom(result), options.record ?? true);
        if (options.fit ?? true) requestAnimationFrame(() => fitView(fitOptions(useEditorStore.getState().nodes)));
      } finally {
        setRunning(false);
        setFinished((count) => count + 1);
      }
    },
    [fitView],
  );

  return { layout, running, finished };
}
