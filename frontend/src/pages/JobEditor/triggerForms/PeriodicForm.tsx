import type { IntervalUnit, TriggerSettings } from "../../../api/types";
import { SelectField } from "../../../components/SelectField";
import { TextField } from "../../../components/TextField";
import { INTERVAL_UNITS } from "./triggerModes";
import type { TriggerFormProps } from "./types";

type Periodic = NonNullable<TriggerSettings["periodic"]>;

export function PeriodicForm({ value, onChange }: TriggerFormProps<Periodic>) {
  return (
    <div className="grid-2">
      <TextField label="Every" type="number" min={1} value={value.interval} onChange={(v) => onChange({ ...value, interval: Math.max(1, Number(v) || 1) }, "interval")} />
      <SelectField label="Unit" value={value.unit} options={INTERVAL_UNITS} onChange={(v) => onChange({ ...value, unit: v as IntervalUnit }, "unit")} />
    </div>
  );
}
