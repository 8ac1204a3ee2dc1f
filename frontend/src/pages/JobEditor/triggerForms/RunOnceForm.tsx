import type { TriggerSettings } from "../../../api/types";
import { TextField } from "../../../components/TextField";
import { fromDateTimeInput, localZoneName, toDateTimeInput } from "../../../utils/dateTimeInput";
import { useNow } from "../../../utils/useNow";
import type { TriggerFormProps } from "./types";

type RunOnce = NonNullable<TriggerSettings["run_once"]>;

/** One run at an instant, typed in the user's time zone and sent as epoch ms. */
export function RunOnceForm({ value, onChange }: TriggerFormProps<RunOnce>) {
  const now = useNow(true, 30_000);
  const past = value.timestamp_ms <= now;
  return (
    <>
      <TextField
        label={`Run at (${localZoneName()})`}
        type="datetime-local"
        value={toDateTimeInput(value.timestamp_ms)}
        onChange={(text) => {
          const ms = fromDateTimeInput(text);
          if (ms !== null) onChange({ timestamp_ms: ms }, "timestamp");
        }}
        error={past ? "This time has passed: a run once trigger saved now never fires." : null}
        hint={`In UTC: ${new Date(value.timestamp_ms).toISOString().replace(".000Z", "Z")}`}
      />
      <div className="alert info">The job runs once at this time. The trigger stays in the settings afterwards; change the time to run it again.</div>
    </>
  );
}
