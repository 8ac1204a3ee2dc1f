import { KeyValueEditor, fromPairs, toPairs } from "../../../components/KeyValueEditor";
import { WorkspacePathField } from "../../../components/WorkspacePathField";
import type { TaskFormProps } from "./types";

export function NotebookForm({ task, set, errors, prefix = "" }: TaskFormProps) {
  return (
    <>
      <WorkspacePathField
        label="Notebook path"
        value={task.notebook_task?.notebook_path}
        onChange={(value) => set("notebook_task.notebook_path", value)}
        error={errors[`${prefix}notebook_task.notebook_path`]}
      />
      <KeyValueEditor
        label="Base parameters"
        pairs={toPairs(task.notebook_task?.base_parameters)}
        onChange={(pairs) => set("notebook_task.base_parameters", Object.keys(fromPairs(pairs)).length ? fromPairs(pairs) : undefined)}
        addLabel="Add parameter"
      />
    </>
  );
}
