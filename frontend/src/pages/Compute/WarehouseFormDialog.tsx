import { useState } from "react";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { toast } from "../../components/toastStore";
import { useCreateWarehouse } from "../../queries/useWarehouseMutations";

const SIZES = ["2X-Small", "X-Small", "Small", "Medium", "Large"].map((value) => ({ value, label: value }));

/** A new SQL warehouse on the embedded engine (a DuckDB file); other engines via the API. */
export function CreateWarehouseDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateWarehouse();
  const [name, setName] = useState("");
  const [size, setSize] = useState("2X-Small");
  const [autoStop, setAutoStop] = useState("120");
  const submit = () =>
    create.mutate(
      { name: name.trim(), cluster_size: size, auto_stop_mins: Number(autoStop) },
      {
        onSuccess: () => {
          toast("Warehouse created", "success");
          onClose();
        },
      },
    );
  return (
    <Dialog
      title="Create SQL warehouse"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={!name.trim() || create.isPending} onClick={submit}>
            Create
          </Button>
        </>
      }
    >
      <div className="col">
        <TextField label="Name" value={name} onChange={setName} placeholder="e.g. reporting" />
        <div className="grid-2">
          <SelectField label="Size" value={size} options={SIZES} onChange={setSize} />
          <TextField label="Auto-stop (minutes idle)" type="number" min={0} value={autoStop} onChange={setAutoStop} hint="0: never; otherwise at least 10." />
        </div>
        <ErrorAlert error={create.error} />
      </div>
    </Dialog>
  );
}
