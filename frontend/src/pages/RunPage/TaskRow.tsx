import { memo } from "react";
import type { RunTask } from "../../api/types";
import { formatTime } from "../../utils/format";
import { elapsed, formatElapsed, taskStatus } from "./taskStatus";

/** One attempt in the run page's task table. Memoised like RunNode: while a big run streams only
 * changed attempts (and running ones, through `now`) render again. `onSelect` must be stable. */
export const TaskRow = memo(function TaskRow({
  task,
  selected,
  now,
  onSelect,
}: {
  task: RunTask;
  selected: boolean;
  now: number;
  onSelect: (key: string) => void;
}) {
  const status = taskStatus(task);
  return (
    <tr
      data-testid={`task-row-${task.task_key}`}
      data-state={status.state}
      className={selected ? "selected" : undefined}
      onClick={() => onSelect(task.task_key)}
    >
      <td className="mono">{task.task_key}</td>
      <td className="subtle">{(task.attempt_number ?? 0) + 1}</td>
      <td>
        <span className={`status-pill tone-${status.tone}`}>{status.label}</span>
      </td>
      <td>{formatTime(task.start_time || undefined)}</td>
      <td>{formatElapsed(elapsed(task.start_time, task.end_time, now))}</td>
    </tr>
  );
});
