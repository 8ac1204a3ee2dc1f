import type { RunTask } from "../../api/types";
import { formatDuration } from "../../utils/format";
import { columns, displayState, latestAttempts, toneOf } from "./runGraph";
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
            const state = displayState(task);
            const attempt = task.attempt_number ?? 0;
            const elapsed = task.start_time ? (task.end_time || Date.now()) - task.start_time : 0;
            return (
              <button
                type="button"
                key={task.task_key}
                className={`run-node tone-${toneOf(state)}${selected === task.task_key ? " selected" : ""}`}
                onClick={() => onSelect?.(task.task_key)}
                aria-pressed={selected === task.task_key}
                data-testid={`run-node-${task.task_key}`}
                data-state={state}
                title={task.state?.state_message || state}
              >
                <div className="run-node-key mono">{task.task_key}</div>
                <div className="run-node-meta">
                  {state.replaceAll("_", " ").toLowerCase()}
                  {attempt > 0 ? ` · attempt ${attempt + 1}` : ""}
                  {elapsed > 0 ? ` · ${formatDuration(elapsed)}` : ""}
                </div>
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
