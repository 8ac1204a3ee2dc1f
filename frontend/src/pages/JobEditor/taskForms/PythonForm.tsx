import { ListEditor } from "../../../components/ListEditor";
import { WorkspacePathField } from "../../../components/WorkspacePathField";
import type { TaskFormProps } from "./types";

export function PythonForm({ task, set, errors, prefix = "" }: TaskFormProps) {
  return (
    <>
      <WorkspacePathField
        label="Python file"
        value={task.spark_python_task?.python_file}
        onChange={(value) => set("spark_python_task.python_file", value)}
        error={errors[`${prefix}spark_python_task.python_file`]}
      />
      <ListEditor
        label="Parameters"
        items={task.spark_python_task?.parameters ?? []}
        onChange={(items) => set("spark_python_task.parameters", items)}
        placeholder="--flag or {{job.parameters.name}}"
        addLabel="Add argument"
      />
    </>
  );
}
