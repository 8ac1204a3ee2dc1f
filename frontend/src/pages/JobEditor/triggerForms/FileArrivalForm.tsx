import type { TriggerSettings } from "../../../api/types";
import { TextField } from "../../../components/TextField";
import { TriggerTimingFields } from "./TriggerTimingFields";
import type { TriggerFormProps } from "./types";

type FileArrival = NonNullable<TriggerSettings["file_arrival"]>;

export function FileArrivalForm({ value, onChange }: TriggerFormProps<FileArrival>) {
  return (
    <>
      <TextField label="Watched location" value={value.url} placeholder="/Workspace/landing/ or a directory path" onChange={(v) => onChange({ ...value, url: v }, "url")} error={value.url ? null : "A location to watch is required."} />
      <TriggerTimingFields value={value} onChange={onChange} />
    </>
  );
}
