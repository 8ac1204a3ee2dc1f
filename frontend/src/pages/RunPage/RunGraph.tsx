import { useMemo, useState } from "react";
import type { RunTask } from "../../api/types";
import { useStableCallback } from "../../utils/useStableCallback";
import { RunGraphEdges } from "./RunGraphEdges";
import { RunNode } from "./RunNode";
import { columns, latestAttempts } from "./runGraph";
import { useNow } from "../../utils/useNow";
import "./runGraph.css";

/** The run's tasks as columns of nodes coloured by live state (running ones pulse); clicking a
 * node selects its task. Columns come from the dependencies alone, so state changes never move
 * a node; each node renders again only when its own task changes (RunNode). */
export function RunGraph({
  tasks,
  selected,
  onSelect,
}: {
  tasks: RunTask[];
  selected?: string | null;
  onSelect?: (taskKey: string) => void;
}) {
  const latest = useMemo(() => latestAttempts(tasks), [tasks]);
  const cols = useMemo(() => columns(latest), [latest]);
  const [box, setBox] = useState<HTMLDivElement | null>(null); // a state, so the edges measure once it exists
  const running = (task: RunTask) => Boolean(task.start_time && !task.end_time);
  const now = useNow(tasks.some(running));
  const select = useStableCallback(onSelect); // the page passes a new one each render
  return (
    <div className="run-graph" data-testid="run-graph" ref={setBox}>
      <RunGraphEdges container={box} tasks={latest} selected={selected} />
      {cols.map((col, index) => (
        <div className="run-graph-column" key={index}>
          {col.map((task) => (
            <RunNode
              key={task.task_key}
              task={task}
              selected={selected === task.task_key}
              now={running(task) ? now : 0}
              onSelect={select}
            />
          ))}
        </div>
      ))}
    </div>
  );
}
