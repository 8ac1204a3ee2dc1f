import type { TriggerTiming } from "../../../api/types";
import { TextField } from "../../../components/TextField";
import type { TriggerFormProps } from "./types";

/** The spacing knobs file arrival and table update share; 0 (or empty) leaves them unset. */
export function TriggerTimingFields<T extends TriggerTiming>({ value, onChange }: TriggerFormProps<T>) {
  const seconds = (text: string) => (Number(text) > 0 ? Math.floor(Number(text)) : undefined);
  return (
    <div className="grid-2">
      <TextField label="Min time between triggers (s)" type="number" min={0} value={value.min_time_between_triggers_seconds ?? 0} onChange={(v) => onChange({ ...value, min_time_between_triggers_seconds: seconds(v) }, "min")} />
      <TextField label="Wait after last change (s)" type="number" min={0} value={value.wait_after_last_change_seconds ?? 0} onChange={(v) => onChange({ ...value, wait_after_last_change_seconds: seconds(v) }, "wait")} />
    </div>
  );
}
