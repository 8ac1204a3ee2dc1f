import { useState } from "react";
import { FormDialog } from "../../components/FormDialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { toast } from "../../components/toastStore";
import type { WarehouseDetails } from "../../queries/clusterApi";
import { useCreateWarehouse, useEditWarehouse } from "../../queries/useWarehouseMutations";
import { WAREHOUSE_SIZES, validateWarehouse, warehouseBody, warehouseForm, type WarehouseErrors, type WarehouseFormValues } from "./warehouseForm";

const SIZES = WAREHOUSE_SIZES.map((value) => ({ value, label: value }));

interface WarehouseFormDialogProps {
  /** The warehouse to edit; none: create a new one (on the embedded engine, a DuckDB file; other engines via the API). */
  warehouse?: WarehouseDetails;
  onClose: () => void;
}

/** Create or edit a SQL warehouse (sql/warehouses, sql/warehouses/<id>/edit). */
export function WarehouseFormDialog({ warehouse, onClose }: WarehouseFormDialogProps) {
  const create = useCreateWarehouse();
  const edit = useEditWarehouse();
  const [values, setValues] = useState<WarehouseFormValues>(() => warehouseForm(warehouse));
  const [errors, setErrors] = useState<WarehouseErrors>({});
  const set = (patch: Partial<WarehouseFormValues>) => setValues((current) => ({ ...current, ...patch }));
  const pending = create.isPending || edit.isPending;

  const submit = () => {
    const found = validateWarehouse(values);
    setErrors(found);
    if (Object.keys(found).length) return;
    const body = warehouseBody(values);
    const done = (message: string) => () => {
      toast(message, "success");
      onClose();
    };
    if (warehouse) edit.mutate({ id: warehouse.id, body }, { onSuccess: done("Warehouse saved") });
    else create.mutate(body, { onSuccess: done("Warehouse created") });
  };

  return (
    <FormDialog
      title={warehouse ? `Edit ${warehouse.name}` : "Create SQL warehouse"}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={warehouse ? "Save" : "Create"}
      submitDisabled={!values.name.trim() || pending}
    >
        <TextField label="Name" value={values.name} onChange={(name) => set({ name })} error={errors.name} placeholder="e.g. reporting" />
        <div className="grid-2">
          <SelectField label="Size" value={values.size} options={SIZES} onChange={(size) => set({ size })} />
          <TextField
            label="Auto-stop (minutes idle)"
            type="number"
            min={0}
            value={values.autoStop}
            onChange={(autoStop) => set({ autoStop })}
            error={errors.autoStop}
            hint="0: never; otherwise at least 10."
          />
        </div>
        <ErrorAlert error={create.error ?? edit.error} />
        <button type="submit" hidden />
    </FormDialog>
  );
}
