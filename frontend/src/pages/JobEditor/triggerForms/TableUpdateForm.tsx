import type { TableUpdateTrigger } from "../../../api/types";
import { ListEditor } from "../../../components/ListEditor";
import { SelectField } from "../../../components/SelectField";
import { TextField } from "../../../components/TextField";
import { useWarehouses } from "../../../queries/useWarehouses";
import { TriggerTimingFields } from "./TriggerTimingFields";
import type { TriggerFormProps } from "./types";

const CONDITIONS = [
  { value: "ANY_UPDATED", label: "Any table is updated" },
  { value: "ALL_UPDATED", label: "All tables are updated" },
];

export function TableUpdateForm({ value, onChange }: TriggerFormProps<TableUpdateTrigger>) {
  const warehouses = useWarehouses();
  const names = value.table_names ?? [];
  const problem = names.length === 0 || names.some((name) => !name.trim()) ? "Name each table to watch (schema.table)." : null;
  // An empty choice removes warehouse_id: the server then watches the default warehouse.
  const setWarehouse = (id: string) => onChange({ ...value, warehouse_id: id.trim() || undefined }, "warehouse");
  return (
    <>
      <ListEditor label="Tables" items={names} placeholder="schema.table" addLabel="Add table" onChange={(items) => onChange({ ...value, table_names: items }, "tables")} />
      {problem && <div className="field"><div className="error" role="alert">{problem}</div></div>}
      <SelectField label="Run when" value={value.condition ?? "ANY_UPDATED"} options={CONDITIONS} onChange={(v) => onChange({ ...value, condition: v as TableUpdateTrigger["condition"] }, "condition")} />
      {warehouses.data && warehouses.data.length > 0 ? (
        <SelectField
          label="SQL warehouse"
          value={value.warehouse_id ?? ""}
          placeholder="Default warehouse"
          options={withCurrent(warehouses.data.map((w) => ({ value: w.id, label: w.name })), value.warehouse_id)}
          onChange={setWarehouse}
        />
      ) : (
        <TextField label="SQL warehouse id" value={value.warehouse_id ?? ""} placeholder="Default warehouse" onChange={setWarehouse} />
      )}
      <TriggerTimingFields value={value} onChange={onChange} />
    </>
  );
}

/** A warehouse the list no longer has stays selectable, so the select never shows another one. */
function withCurrent(options: { value: string; label: string }[], current: string | undefined) {
  return current && !options.some((o) => o.value === current) ? [...options, { value: current, label: `${current} (not found)` }] : options;
}
