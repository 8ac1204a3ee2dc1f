import type { RunTask } from "../../api/types";
import { formatDuration } from "../../utils/format";
import { columns, latestAttempts } from "./runGraph";
import { elapsed, taskStatus } from "./taskStatus";
import "./runGraph.css";

/** The run's tasks as columns of nodes coloured by live state (running ones pulse); clicking a
 * node selects its task. */
export function RunGraph({
  tasks,
  selected,
  onSelect,
}: {
  tasks: RunTask[];
  selected?: string | null;
  onSelect?: (taskKey: string) => void;
}) {
  const cols = columns(latestAttempts(tasks));
  return (
    <div className="run-graph" data-testid="run-graph">
      {cols.map((col, index) => (
        <div className="run-graph-column" key={index}>
          {col.map((task) => {
            const { state, label, tone, attempt } = taskStatus(task);
            const duration = elapsed(task.start_time, task.end_time, Date.now());
            return (
              <button
                type="button"
                key={task.task_key}
                className={`run-node tone-${tone}${selected === task.task_key ? " selected" : ""}`}
                onClick={() => onSelect?.(task.task_key)}
                aria-pressed={selected === task.task_key}
                data-testid={`run-node-${task.task_key}`}
                data-state={state}
                title={task.state?.state_message || state}
              >
                <div className="run-node-key mono">{task.task_key}</div>
                <div className="run-node-meta">
                  {label}
                  {attempt ? ` · ${attempt}` : ""}
                  {duration > 0 ? ` · ${formatDuration(duration)}` : ""}
                </div>
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
