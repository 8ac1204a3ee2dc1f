import { memo } from "react";
import { BaseEdge, EdgeLabelRenderer, getBezierPath, useStore, type EdgeProps } from "@xyflow/react";
import type { RunIf } from "../../api/types";
import type { DependencyEdge as DependencyEdgeType, JobNode } from "../types";

/** A depends_on entry: labelled with the condition outcome it waits for, and with the
 * dependent task's run_if when that is not the default (the edge is where it matters). */
export const DependencyEdge = memo(function DependencyEdge(props: EdgeProps<DependencyEdgeType>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, target, markerEnd, selected } = props;
  const runIf = useStore((state) => (state.nodeLookup.get(target) as JobNode | undefined)?.data.task.run_if) as RunIf | undefined;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const outcome = data?.outcome;
  const runIfLabel = runIf && runIf !== "ALL_SUCCESS" ? runIf.replaceAll("_", " ").toLowerCase() : null;
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} />
      {(outcome || runIfLabel) && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label nodrag nopan ${outcome ?? "runif"}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, outline: selected ? "2px solid var(--accent)" : undefined }}
            data-testid={`edge-label-${id}`}
          >
            {outcome ?? runIfLabel}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
