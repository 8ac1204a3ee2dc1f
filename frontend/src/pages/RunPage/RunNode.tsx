import { memo } from "react";
import { AlertTriangle } from "lucide-react";
import type { RunTask } from "../../api/types";
import type { DurationWarning } from "./runTypes";
import { elapsed, formatElapsed, taskStatus } from "./taskStatus";

/** One task of the run graph. Memoised: while a big run streams, only the nodes whose task
 * object changed (the socket's updates keep the others' identity) or that tick (`now`, given to
 * running nodes only) render again. `onSelect` must be stable. */
export const RunNode = memo(function RunNode({
  task,
  selected,
  now,
  onSelect,
}: {
  task: RunTask & { duration_warning?: DurationWarning };
  selected: boolean;
  now: number;
  onSelect: (taskKey: string) => void;
}) {
  const { state, label, tone, attempt } = taskStatus(task);
  const duration = elapsed(task.start_time, task.end_time, now);
  return (
    <button
      type="button"
      className={`run-node tone-${tone}${selected ? " selected" : ""}`}
      onClick={() => onSelect(task.task_key)}
      aria-pressed={selected}
      data-testid={`run-node-${task.task_key}`}
      data-task-key={task.task_key}
      data-state={state}
      title={[task.state?.state_message || state, task.duration_warning?.message].filter(Boolean).join("\n")}
    >
      <div className="run-node-key mono">
        {task.task_key}
        {task.duration_warning && (
          <AlertTriangle size={12} className="run-node-warning" aria-label="Duration warning" data-testid={`run-node-warning-${task.task_key}`} />
        )}
      </div>
      <div className="run-node-meta">
        {label}
        {attempt ? ` · ${attempt}` : ""}
        {duration > 0 ? ` · ${formatElapsed(duration)}` : ""}
      </div>
    </button>
  );
});
