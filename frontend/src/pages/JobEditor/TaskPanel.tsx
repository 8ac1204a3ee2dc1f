import { useMemo } from "react";
import { Copy, Trash2, X } from "lucide-react";
import type { RunIf, TaskBody } from "../../api/types";
import { Button } from "../../components/Button";
import { SelectField } from "../../components/SelectField";
import { Switch } from "../../components/Switch";
import { TextArea } from "../../components/TextArea";
import { TextField } from "../../components/TextField";
import { RUN_IF_OPTIONS, TASK_TYPES, TASK_TYPE_INFO, taskTypeOf, type TaskType } from "../../constants/taskTypes";
import { validateTask } from "../../editor/graph";
import { TaskIcon } from "../../editor/nodes/TaskIcon";
import { useEditorStore } from "../../editor/store/editorStore";
import { setIn } from "../../utils/path";
import type { ServerIssue } from "../../utils/serverError";
import { ComputeSelect } from "./ComputeSelect";
import { LibrariesEditor } from "./LibrariesEditor";
import { NotificationsEditor } from "./NotificationsEditor";
import { TaskTypeForm } from "./taskForms/TaskTypeForm";


/** The selected task's settings: common fields, the type's own form, compute and policies. */
export function TaskPanel({ nodeId, serverIssue }: { nodeId: string; serverIssue?: ServerIssue | null }) {
  const node = useEditorStore((state) => state.nodes.find((n) => n.id === nodeId));
  const nodes = useEditorStore((state) => state.nodes);
  const edges = useEditorStore((state) => state.edges);
  const store = useEditorStore.getState;
  const task = node?.data.task;
  const otherKeys = useMemo(() => new Set(nodes.filter((n) => n.id !== nodeId).map((n) => n.data.task.task_key)), [nodes, nodeId]);
  const serverHere = serverIssue && task && serverIssue.taskKey === task.task_key ? serverIssue : null;
  const errors = useMemo(() => {
    const found = task ? validateTask(task, otherKeys) : {};
    // The server's word on this task, at its field when the message names one.
    if (serverHere?.path) return { [serverHere.path]: serverHere.message, ...found };
    return found;
  }, [task, otherKeys, serverHere]);
  if (!node || !task) return null;
  const type = taskTypeOf(task);
  const upstream = edges.filter((edge) => edge.target === nodeId);
  const keyOf = (id: string) => nodes.find((n) => n.id === id)?.data.task.task_key ?? id;
  const typeOf = (id: string) => nodes.find((n) => n.id === id)?.type;

  const update = (fn: (task: TaskBody) => TaskBody, key?: string) => store().updateTask(nodeId, fn, key);
  const set = (path: string, value: unknown) => update((t) => setIn(t, path, value), path);
  const changeType = (next: TaskType) =>
    update((t) => {
      const { [TASK_TYPE_INFO[type].field]: _old, ...rest } = t;
      return { ...rest, ...TASK_TYPE_INFO[next].initial() } as TaskBody;
    });

  return (
    <aside className="side-panel" aria-label={`Task ${task.task_key}`}>
      <div className="panel-header">
        <span style={{ color: TASK_TYPE_INFO[type].color, display: "flex" }}>
          <TaskIcon type={type} size={18} />
        </span>
        <h2 className="grow" style={{ overflow: "hidden", textOverflow: "ellipsis" }}>{task.task_key || "Task"}</h2>
        <Button size="sm" variant="ghost" icon={<Copy size={14} />} label="Duplicate task" onClick={() => { store().copySelection(); store().paste(); }} />
        <Button size="sm" variant="ghost" icon={<Trash2 size={14} />} label="Delete task" onClick={() => store().deleteElements([nodeId], [])} />
        <Button size="sm" variant="ghost" icon={<X size={16} />} label="Close task panel" onClick={() => store().select(null)} />
      </div>
      <div className="panel-body">
        {serverHere && (
          <div className="alert danger" role="alert">
            {serverHere.path ? `${serverHere.path} ${serverHere.message}` : serverHere.message}
          </div>
        )}
        <TextField label="Task key" value={task.task_key} onChange={(v) => set("task_key", v)} error={errors.task_key} />
        <SelectField label="Type" value={type} options={TASK_TYPES.map((t) => ({ value: t, label: TASK_TYPE_INFO[t].label }))} onChange={(v) => changeType(v as TaskType)} />
        <TextArea label="Description" value={task.description} onChange={(v) => set("description", v)} rows={2} />

        <div className="section-title">{TASK_TYPE_INFO[type].label}</div>
        <TaskTypeForm task={task} set={set} errors={errors} />

        <div className="section-title">Dependencies</div>
        {upstream.length === 0 ? (
          <div className="subtle">No upstream tasks: drag from another task's right handle to this one.</div>
        ) : (
          upstream.map((edge) => (
            <div key={edge.id} className="row">
              <span className="badge grow" style={{ justifyContent: "flex-start" }}>{keyOf(edge.source)}</span>
              {typeOf(edge.source) === "condition" && (
                <select className="select" style={{ width: 110 }} aria-label={`Outcome of ${keyOf(edge.source)}`} value={edge.data?.outcome ?? "true"} onChange={(e) => store().setEdgeOutcome(edge.id, e.target.value as "true" | "false")}>
                  <option value="true">if true</option>
                  <option value="false">if false</option>
                </select>
              )}
              <Button size="sm" variant="ghost" icon={<X size={14} />} label={`Remove dependency on ${keyOf(edge.source)}`} onClick={() => store().deleteElements([], [edge.id])} />
            </div>
          ))
        )}
        <SelectField label="Run if" value={task.run_if ?? "ALL_SUCCESS"} options={RUN_IF_OPTIONS} onChange={(v) => set("run_if", v === "ALL_SUCCESS" ? undefined : (v as RunIf))} />

        {TASK_TYPE_INFO[type].needsCompute && (
          <>
            <div className="section-title">Compute</div>
            <ComputeSelect task={task} onChange={(next) => update(() => next)} error={errors.job_cluster_key ?? errors.existing_cluster_id ?? errors.new_cluster} />
            <LibrariesEditor libraries={task.libraries ?? []} onChange={(libraries) => set("libraries", libraries.length ? libraries : undefined)} />
          </>
        )}

        <div className="section-title">Retries and timeout</div>
        <div className="grid-2">
          <TextField label="Retries" type="number" min={-1} value={task.max_retries ?? 0} onChange={(v) => set("max_retries", v === "" || v === "0" ? undefined : Number(v))} error={errors.max_retries} hint="-1 retries forever" />
          <TextField label="Retry interval (s)" type="number" min={0} value={task.min_retry_interval_millis ? task.min_retry_interval_millis / 1000 : 0} onChange={(v) => set("min_retry_interval_millis", Number(v) > 0 ? Math.round(Number(v) * 1000) : undefined)} />
        </div>
        <TextField label="Timeout (s)" type="number" min={0} value={task.timeout_seconds ?? 0} onChange={(v) => set("timeout_seconds", Number(v) > 0 ? Number(v) : undefined)} error={errors.timeout_seconds} hint="0 means no timeout" />
        <Switch label="Retry on timeout" checked={!!task.retry_on_timeout} onChange={(v) => set("retry_on_timeout", v || undefined)} />
        <Switch label="Disabled (skipped in runs)" checked={!!task.disabled} onChange={(v) => set("disabled", v || undefined)} />

        <div className="section-title">Notifications</div>
        <NotificationsEditor value={task.email_notifications} onChange={(v) => set("email_notifications", v)} />
      </div>
    </aside>
  );
}
