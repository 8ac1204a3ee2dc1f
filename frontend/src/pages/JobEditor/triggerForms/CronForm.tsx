import { useMemo } from "react";
import { CalendarClock } from "lucide-react";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { SelectField } from "../../../components/SelectField";
import { Spinner } from "../../../components/Spinner";
import { TextField } from "../../../components/TextField";
import { useSchedulePreview } from "../../../queries/useSchedulePreview";
import { WEEKDAYS, fromQuartz, quartzProblem, toQuartz, type CronPreset } from "../../../utils/cron";
import { formatTime } from "../../../utils/format";

const PRESET_KINDS = [
  { value: "minutes", label: "Every N minutes" },
  { value: "hours", label: "Every N hours" },
  { value: "days", label: "Every N days at a time" },
  { value: "weekly", label: "Weekly on days at a time" },
  { value: "raw", label: "Quartz cron expression" },
];

const pad = (n: number) => String(n).padStart(2, "0");

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return ["UTC", ...zones.filter((zone) => zone !== "UTC")];
}

/** Cron: presets or raw Quartz, a time zone, and the server's description and next fire times. */
export function CronForm({ expression, timezone, onChange }: { expression: string; timezone: string; onChange: (expression: string, timezone: string) => void }) {
  const zones = useMemo(timeZones, []);
  const preset = fromQuartz(expression);
  const problem = quartzProblem(expression);
  const preview = useSchedulePreview(problem ? "" : expression, timezone);
  const apply = (next: CronPreset) => onChange(toQuartz(next), timezone);
  const at = (hour: number, minute: number) => `${pad(hour)}:${pad(minute)}`;
  const parseAt = (text: string) => {
    const [h, m] = text.split(":").map(Number);
    return { hour: Number.isFinite(h) ? h : 0, minute: Number.isFinite(m) ? m : 0 };
  };
  const changeKind = (kind: string) => {
    if (kind === "minutes") apply({ kind, every: 15 });
    else if (kind === "hours") apply({ kind, every: 1, minute: 0 });
    else if (kind === "days") apply({ kind, every: 1, hour: 6, minute: 0 });
    else if (kind === "weekly") apply({ kind, days: ["MON"], hour: 6, minute: 0 });
    else apply({ kind: "raw", expression });
  };
  return (
    <>
      <SelectField label="Repeat" value={preset.kind} options={PRESET_KINDS} onChange={changeKind} />
      {preset.kind === "minutes" && <TextField label="Every N minutes" type="number" min={1} max={59} value={preset.every} onChange={(v) => apply({ ...preset, every: Number(v) || 1 })} />}
      {preset.kind === "hours" && (
        <div className="grid-2">
          <TextField label="Every N hours" type="number" min={1} max={23} value={preset.every} onChange={(v) => apply({ ...preset, every: Number(v) || 1 })} />
          <TextField label="At minute" type="number" min={0} max={59} value={preset.minute} onChange={(v) => apply({ ...preset, minute: Math.min(59, Number(v) || 0) })} />
        </div>
      )}
      {preset.kind === "days" && (
        <div className="grid-2">
          <TextField label="Every N days" type="number" min={1} max={31} value={preset.every} onChange={(v) => apply({ ...preset, every: Number(v) || 1 })} />
          <TextField label="At time" type="time" value={at(preset.hour, preset.minute)} onChange={(v) => apply({ ...preset, ...parseAt(v) })} />
        </div>
      )}
      {preset.kind === "weekly" && (
        <>
          <div className="field">
            <span className="field-label">On days</span>
            <div className="btn-group" role="group" aria-label="Days of the week">
              {WEEKDAYS.map((day) => {
                const on = preset.days.includes(day);
                return (
                  <button key={day} type="button" className={on ? "btn sm primary" : "btn sm"} aria-pressed={on} onClick={() => apply({ ...preset, days: on ? preset.days.filter((d) => d !== day) : WEEKDAYS.filter((d) => d === day || preset.days.includes(d)) })}>
                    {day.slice(0, 1) + day.slice(1).toLowerCase()}
                  </button>
                );
              })}
            </div>
          </div>
          <TextField label="At time" type="time" value={at(preset.hour, preset.minute)} onChange={(v) => apply({ ...preset, ...parseAt(v) })} />
        </>
      )}
      <TextField label="Quartz cron expression" className="mono" value={expression} onChange={(v) => onChange(v, timezone)} error={problem} hint="sec min hour day-of-month month day-of-week" />
      <SelectField label="Time zone" value={timezone} options={zones.map((zone) => ({ value: zone, label: zone }))} onChange={(v) => onChange(expression, v)} />
      <div className="card card-body col" style={{ gap: 6, boxShadow: "none", background: "var(--surface-2)" }} data-testid="schedule-preview">
        <div className="row">
          <CalendarClock size={16} />
          <strong className="grow" data-testid="schedule-description">{preview.data?.description ?? (problem ? "Invalid expression" : "…")}</strong>
          {preview.isFetching && <Spinner />}
        </div>
        {preview.error ? (
          <ErrorAlert error={preview.error} />
        ) : (
          <>
            <span className="subtle">Next five runs</span>
            <ol className="fire-times" data-testid="next-fire-times">
              {(preview.data?.fire_times ?? []).map((time) => (
                <li key={time.timestamp_ms}>{formatTime(time.timestamp_ms, timezone)}</li>
              ))}
            </ol>
          </>
        )}
      </div>
    </>
  );
}
