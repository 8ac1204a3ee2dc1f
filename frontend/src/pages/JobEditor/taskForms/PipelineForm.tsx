import { Switch } from "../../../components/Switch";
import { TextField } from "../../../components/TextField";
import type { TaskFormProps } from "./types";

export function PipelineForm({ task, set, errors, prefix = "" }: TaskFormProps) {
  return (
    <>
      <TextField label="Pipeline" value={task.pipeline_task?.pipeline_id} onChange={(v) => set("pipeline_task.pipeline_id", v)} error={errors[`${prefix}pipeline_task.pipeline_id`]} hint="The pipeline id (or its definition's workspace path)." />
      <Switch label="Full refresh" checked={!!task.pipeline_task?.full_refresh} onChange={(v) => set("pipeline_task.full_refresh", v || undefined)} />
    </>
  );
}
