import { useMemo } from "react";
import { CalendarClock } from "lucide-react";
import type { JobSettings, PauseStatus, TriggerSettings } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { SelectField } from "../../components/SelectField";
import { Spinner } from "../../components/Spinner";
import { Switch } from "../../components/Switch";
import { TextField } from "../../components/TextField";
import { useSchedulePreview } from "../../queries/useSchedulePreview";
import { WEEKDAYS, fromQuartz, quartzProblem, toQuartz, type CronPreset } from "../../utils/cron";
import { formatTime } from "../../utils/format";

type Mode = "none" | "cron" | "periodic" | "file_arrival" | "continuous";

const MODES = [
  { value: "none", label: "None (manual runs only)" },
  { value: "cron", label: "Scheduled (cron)" },
  { value: "periodic", label: "Periodic interval" },
  { value: "file_arrival", label: "File arrival" },
  { value: "continuous", label: "Continuous" },
];

const PRESET_KINDS = [
  { value: "minutes", label: "Every N minutes" },
  { value: "hours", label: "Every N hours" },
  { value: "days", label: "Every N days at a time" },
  { value: "weekly", label: "Weekly on days at a time" },
  { value: "raw", label: "Quartz cron expression" },
];

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return ["UTC", ...zones.filter((zone) => zone !== "UTC")];
}

export function modeOf(job: JobSettings): Mode {
  if (job.schedule) return "cron";
  if (job.trigger?.periodic) return "periodic";
  if (job.trigger?.file_arrival) return "file_arrival";
  if (job.continuous) return "continuous";
  return "none";
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Schedule and triggers: cron (presets or raw Quartz) with time zone, description and next
 * fire times from the server; periodic intervals; file arrival; continuous; pause. */
export function ScheduleEditor({ job, onChange }: { job: JobSettings; onChange: (update: (job: JobSettings) => JobSettings, key?: string) => void }) {
  const mode = modeOf(job);
  const zones = useMemo(timeZones, []);
  const pause = (job.schedule?.pause_status ?? job.trigger?.pause_status ?? job.continuous?.pause_status ?? "UNPAUSED") as PauseStatus;

  const setMode = (next: Mode) =>
    onChange((current) => {
      const { schedule: _s, trigger: _t, continuous: _c, ...rest } = current;
      const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
      if (next === "cron") return { ...rest, schedule: { quartz_cron_expression: "0 0 6 * * ?", timezone_id: tz, pause_status: "UNPAUSED" } };
      if (next === "periodic") return { ...rest, trigger: { pause_status: "UNPAUSED", periodic: { interval: 1, unit: "HOURS" } } };
      if (next === "file_arrival") return { ...rest, trigger: { pause_status: "UNPAUSED", file_arrival: { url: "" } } };
      if (next === "continuous") return { ...rest, continuous: { pause_status: "UNPAUSED" } };
      return rest;
    });

  const setPause = (paused: boolean) =>
    onChange((current) => {
      const status: PauseStatus = paused ? "PAUSED" : "UNPAUSED";
      if (current.schedule) return { ...current, schedule: { ...current.schedule, pause_status: status } };
      if (current.trigger) return { ...current, trigger: { ...current.trigger, pause_status: status } };
      if (current.continuous) return { ...current, continuous: { pause_status: status } };
      return current;
    });

  const setTrigger = (patch: Partial<TriggerSettings>, key: string) => onChange((current) => ({ ...current, trigger: { ...current.trigger, ...patch } }), key);

  return (
    <div className="col" data-testid="schedule-editor">
      <SelectField label="Trigger type" value={mode} options={MODES} onChange={(v) => setMode(v as Mode)} />
      {mode === "cron" && job.schedule && <CronEditor expression={job.schedule.quartz_cron_expression} timezone={job.schedule.timezone_id} zones={zones} onChange={(expression, timezone) => onChange((current) => ({ ...current, schedule: { ...current.schedule!, quartz_cron_expression: expression, timezone_id: timezone } }), "schedule")} />}
      {mode === "periodic" && job.trigger?.periodic && (
        <div className="grid-2">
          <TextField label="Every" type="number" min={1} value={job.trigger.periodic.interval} onChange={(v) => setTrigger({ periodic: { ...job.trigger!.periodic!, interval: Math.max(1, Number(v) || 1) } }, "periodic")} />
          <SelectField label="Unit" value={job.trigger.periodic.unit} options={["MINUTES", "HOURS", "DAYS", "WEEKS"].map((u) => ({ value: u, label: u.toLowerCase() }))} onChange={(v) => setTrigger({ periodic: { ...job.trigger!.periodic!, unit: v as "HOURS" } }, "periodic")} />
        </div>
      )}
      {mode === "file_arrival" && job.trigger?.file_arrival && (
        <>
          <TextField label="Watched location" value={job.trigger.file_arrival.url} placeholder="/Workspace/landing/ or a directory path" onChange={(v) => setTrigger({ file_arrival: { ...job.trigger!.file_arrival!, url: v } }, "file_arrival.url")} error={job.trigger.file_arrival.url ? null : "A location to watch is required."} />
          <div className="grid-2">
            <TextField label="Min time between triggers (s)" type="number" min={0} value={job.trigger.file_arrival.min_time_between_triggers_seconds ?? 0} onChange={(v) => setTrigger({ file_arrival: { ...job.trigger!.file_arrival!, min_time_between_triggers_seconds: Number(v) || undefined } }, "file_arrival.min")} />
            <TextField label="Wait after last change (s)" type="number" min={0} value={job.trigger.file_arrival.wait_after_last_change_seconds ?? 0} onChange={(v) => setTrigger({ file_arrival: { ...job.trigger!.file_arrival!, wait_after_last_change_seconds: Number(v) || undefined } }, "file_arrival.wait")} />
          </div>
        </>
      )}
      {mode === "continuous" && <div className="alert info">A new run starts as soon as the previous one ends.</div>}
      {mode !== "none" && <Switch label="Paused" checked={pause === "PAUSED"} onChange={setPause} />}
    </div>
  );
}

function CronEditor({ expression, timezone, zones, onChange }: { expression: string; timezone: string; zones: string[]; onChange: (expression: string, timezone: string) => void }) {
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
