import { useLayoutEffect, useMemo, useState } from "react";
import type { RunTask } from "../../api/types";
import { edgePath, edgesKey, graphEdges, type Box } from "./graphEdges";

interface Drawn {
  key: string;
  path: string;
  touchesSelected: boolean;
}

/** The dependency arrows behind the run graph's nodes. Node boxes are measured (relative to the
 * scrolling graph) only when the set of edges changes or the graph resizes -- never on a state
 * change -- so a big live run does not pay for layout reads per event. */
export function RunGraphEdges({
  container,
  tasks,
  selected,
}: {
  container: HTMLDivElement | null;
  tasks: RunTask[];
  selected?: string | null;
}) {
  const edges = graphEdges(tasks);
  const key = edgesKey(edges);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `edges`
  const stable = useMemo(() => edges, [key]);
  const [boxes, setBoxes] = useState<{ size: [number, number]; at: Map<string, Box> } | null>(null);

  useLayoutEffect(() => {
    const root = container;
    if (!root) return;
    const measure = () => {
      const origin = root.getBoundingClientRect();
      const at = new Map<string, Box>();
      for (const node of root.querySelectorAll<HTMLElement>("[data-task-key]")) {
        const rect = node.getBoundingClientRect();
        at.set(node.dataset.taskKey!, {
          x: rect.left - origin.left + root.scrollLeft,
          y: rect.top - origin.top + root.scrollTop,
          width: rect.width,
          height: rect.height,
        });
      }
      setBoxes({ size: [root.scrollWidth, root.scrollHeight], at });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(root);
    for (const column of root.children) observer.observe(column);
    return () => observer.disconnect();
  }, [container, stable]);

  // The paths change only with the boxes or the selection: a state change (every 100 ms while a
  // big run streams) reuses the drawn SVG instead of diffing hundreds of paths.
  return useMemo(() => {
    if (!boxes || stable.length === 0) return null;
    const drawn: Drawn[] = [];
    for (const edge of stable) {
      const from = boxes.at.get(edge.from);
      const to = boxes.at.get(edge.to);
      if (!from || !to) continue;
      drawn.push({
        key: `${edge.from}>${edge.to}`,
        path: edgePath(from, to),
        touchesSelected: selected === edge.from || selected === edge.to,
      });
    }
    return (
      <svg className="run-graph-edges" width={boxes.size[0]} height={boxes.size[1]} aria-hidden="true">
        <defs>
          {["", "-selected"].map((suffix) => (
            <marker key={suffix} id={`run-edge-arrow${suffix}`} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto">
              <path d="M 0 0 L 8 4 L 0 8 z" className={`run-edge-arrow${suffix ? " selected" : ""}`} />
            </marker>
          ))}
        </defs>
        {drawn.map((edge) => (
          <path
            key={edge.key}
            d={edge.path}
            className={`run-edge${edge.touchesSelected ? " selected" : ""}`}
            markerEnd={`url(#run-edge-arrow${edge.touchesSelected ? "-selected" : ""})`}
            data-testid={`run-edge-${edge.key}`}
          />
        ))}
      </svg>
    );
  }, [boxes, stable, selected]);
}
