import { KeyValueEditor, fromPairs, toPairs } from "../../../components/KeyValueEditor";
import { ListEditor } from "../../../components/ListEditor";
import { TextField } from "../../../components/TextField";
import type { TaskFormProps } from "./types";

export function WheelForm({ task, set, errors, prefix = "" }: TaskFormProps) {
  const wheel = task.python_wheel_task;
  return (
    <>
      <div className="grid-2">
        <TextField label="Package name" value={wheel?.package_name} onChange={(v) => set("python_wheel_task.package_name", v)} error={errors[`${prefix}python_wheel_task.package_name`]} />
        <TextField label="Entry point" value={wheel?.entry_point} onChange={(v) => set("python_wheel_task.entry_point", v)} error={errors[`${prefix}python_wheel_task.entry_point`]} />
      </div>
      <ListEditor label="Positional parameters" items={wheel?.parameters ?? []} onChange={(items) => set("python_wheel_task.parameters", items.length ? items : undefined)} addLabel="Add argument" />
      <KeyValueEditor
        label="Named parameters"
        pairs={toPairs(wheel?.named_parameters)}
        onChange={(pairs) => set("python_wheel_task.named_parameters", Object.keys(fromPairs(pairs)).length ? fromPairs(pairs) : undefined)}
        addLabel="Add named parameter"
      />
      <div className="hint subtle">Add the wheel itself under Libraries below (whl path in the workspace).</div>
    </>
  );
}
