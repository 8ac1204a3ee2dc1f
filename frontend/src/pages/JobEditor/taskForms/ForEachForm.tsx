import type { Task } from "../../../api/types";
import { SelectField } from "../../../components/SelectField";
import { TextArea } from "../../../components/TextArea";
import { TextField } from "../../../components/TextField";
import { TASK_TYPES, TASK_TYPE_INFO, taskTypeOf, type TaskType } from "../../../constants/taskTypes";
import { setIn } from "../../../utils/path";
import { TaskTypeForm } from "./TaskTypeForm";
import type { TaskFormProps } from "./types";

const NESTABLE = TASK_TYPES.filter((type) => type !== "for_each");

export function ForEachForm({ task, set, errors, prefix = "" }: TaskFormProps) {
  const forEach = task.for_each_task;
  const nested = (forEach?.task ?? { task_key: `${task.task_key}_iteration` }) as Task;
  const nestedType = taskTypeOf(nested);
  const setNested = (path: string, value: unknown) => set("for_each_task.task", setIn(nested, path, value));
  const changeType = (type: TaskType) => {
    const { [TASK_TYPE_INFO[nestedType].field]: _old, ...rest } = nested;
    set("for_each_task.task", { ...rest, ...TASK_TYPE_INFO[type].initial() });
  };
  return (
    <>
      <TextArea className="code" label="Inputs" value={forEach?.inputs} onChange={(v) => set("for_each_task.inputs", v)} hint='A JSON array, e.g. ["a", "b"], or a reference such as {{tasks.list.values.items}}.' error={errors[`${prefix}for_each_task.inputs`]} rows={3} />
      <TextField label="Concurrency" type="number" min={1} value={forEach?.concurrency ?? 1} onChange={(v) => set("for_each_task.concurrency", v ? Number(v) : undefined)} />
      <div className="section-title">Nested task (runs once per input, {"{{input}}"} is the item)</div>
      <SelectField label="Nested task type" value={nestedType} options={NESTABLE.map((type) => ({ value: type, label: TASK_TYPE_INFO[type].label }))} onChange={(v) => changeType(v as TaskType)} />
      <TextField label="Nested task key" value={nested.task_key} onChange={(v) => setNested("task_key", v)} />
      <TaskTypeForm task={nested} set={setNested} errors={errors} prefix={`${prefix}for_each_task.task.`} />
    </>
  );
}
