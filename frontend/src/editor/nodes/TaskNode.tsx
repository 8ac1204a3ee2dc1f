import { memo, useMemo } from "react";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { Plus } from "lucide-react";
import { TASK_TYPE_INFO } from "../../constants/taskTypes";
import { computeLabel, validateTask } from "../graph";
import { useEditorStore } from "../store/editorStore";
import type { JobNode } from "../types";
import { TaskIcon } from "./TaskIcon";

/** One task on the canvas: type icon, key, compute badge, run_if and disabled look, and a "+"
 * that adds a dependent task. */
export const TaskNode = memo(function TaskNode({ id, type, data, selected }: NodeProps<JobNode>) {
  const info = TASK_TYPE_INFO[type];
  const task = data.task;
  const compute = computeLabel(task);
  const issues = useMemo(() => Object.values(validateTask(task)), [task]);
  const invalid = issues.length > 0;
  const classes = ["task-node", selected && "selected", task.disabled && "disabled", invalid && "invalid"].filter(Boolean).join(" ");
  return (
    <div className={classes} data-testid={`task-node-${task.task_key}`} title={invalid ? issues.join("\n") : task.description || undefined}>
      <Handle type="target" position={Position.Left} aria-label={`${task.task_key} input`} />
      <span className="type-icon" style={{ background: `color-mix(in srgb, ${info.color} 16%, transparent)`, color: info.color }}>
        <TaskIcon type={type} size={17} />
      </span>
      <div className="grow">
        <div className="key">{task.task_key}</div>
        <div className="meta">
          <span className="badge">{info.label}</span>
          {compute && <span className="badge accent" title="Compute">{compute}</span>}
          {task.disabled && <span className="badge warning">disabled</span>}
          {task.run_if && task.run_if !== "ALL_SUCCESS" && <span className="badge warning" title="Run if">{task.run_if.replaceAll("_", " ").toLowerCase()}</span>}
        </div>
      </div>
      <Handle type="source" position={Position.Right} aria-label={`${task.task_key} output`} />
      <button
        type="button"
        className="add-dependent nodrag"
        aria-label={`Add a task after ${task.task_key}`}
        title="Add a dependent task"
        onClick={(event) => {
          event.stopPropagation();
          useEditorStore.getState().addTask("notebook", id);
        }}
      >
        <Plus size={13} />
      </button>
    </div>
  );
});
