import { KeyValueEditor, fromPairs, toPairs } from "../../../components/KeyValueEditor";
import { SelectField } from "../../../components/SelectField";
import { TextField } from "../../../components/TextField";
import { WorkspacePathField } from "../../../components/WorkspacePathField";
import { useWarehouses } from "../../../queries/useWarehouses";
import type { TaskFormProps } from "./types";

export function SqlForm({ task, set, errors, prefix = "" }: TaskFormProps) {
  const warehouses = useWarehouses();
  const sql = task.sql_task;
  const warehouseError = errors[`${prefix}sql_task.warehouse_id`];
  return (
    <>
      <WorkspacePathField label="SQL file" value={sql?.file?.path} onChange={(v) => set("sql_task.file.path", v)} error={errors[`${prefix}sql_task.file.path`]} />
      {warehouses.data && warehouses.data.length > 0 ? (
        <SelectField
          label="SQL warehouse"
          value={sql?.warehouse_id}
          placeholder="Pick a warehouse"
          options={warehouses.data.map((w) => ({ value: w.id, label: `${w.name}${w.state ? ` (${w.state.toLowerCase()})` : ""}` }))}
          onChange={(v) => set("sql_task.warehouse_id", v)}
          error={warehouseError}
        />
      ) : (
        <TextField label="SQL warehouse id" value={sql?.warehouse_id} onChange={(v) => set("sql_task.warehouse_id", v)} error={warehouseError} hint="No warehouses listed; type the id." />
      )}
      <KeyValueEditor label="Query parameters" pairs={toPairs(sql?.parameters)} onChange={(pairs) => set("sql_task.parameters", Object.keys(fromPairs(pairs)).length ? fromPairs(pairs) : undefined)} addLabel="Add parameter" />
    </>
  );
}
