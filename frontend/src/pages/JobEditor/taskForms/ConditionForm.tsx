import { SelectField } from "../../../components/SelectField";
import { TextField } from "../../../components/TextField";
import type { TaskFormProps } from "./types";

const OPS = [
  { value: "EQUAL_TO", label: "==" },
  { value: "NOT_EQUAL", label: "!=" },
  { value: "GREATER_THAN", label: ">" },
  { value: "GREATER_THAN_OR_EQUAL", label: ">=" },
  { value: "LESS_THAN", label: "<" },
  { value: "LESS_THAN_OR_EQUAL", label: "<=" },
];

export function ConditionForm({ task, set, errors, prefix = "" }: TaskFormProps) {
  const condition = task.condition_task;
  return (
    <>
      <TextField label="Left operand" value={condition?.left} onChange={(v) => set("condition_task.left", v)} placeholder="{{tasks.ingest.values.rows}}" error={errors[`${prefix}condition_task.left`]} />
      <SelectField label="Operator" value={condition?.op ?? "EQUAL_TO"} options={OPS} onChange={(v) => set("condition_task.op", v)} />
      <TextField label="Right operand" value={condition?.right} onChange={(v) => set("condition_task.right", v)} error={errors[`${prefix}condition_task.right`]} />
      <div className="subtle">Each dependent runs on the true or false outcome; switch it under the dependent task's Dependencies.</div>
    </>
  );
}
