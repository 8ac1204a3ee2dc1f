import type { JobSettings, PauseStatus, TriggerSettings } from "../../api/types";
import { SelectField } from "../../components/SelectField";
import { Switch } from "../../components/Switch";
import { localZoneName } from "../../utils/dateTimeInput";
import { CronForm } from "./triggerForms/CronForm";
import { FileArrivalForm } from "./triggerForms/FileArrivalForm";
import { JobCompletionForm } from "./triggerForms/JobCompletionForm";
import { PeriodicForm } from "./triggerForms/PeriodicForm";
import { RunOnceForm } from "./triggerForms/RunOnceForm";
import { TableUpdateForm } from "./triggerForms/TableUpdateForm";
import { UnknownTriggerNote } from "./triggerForms/UnknownTriggerNote";
import { MODES, modeOf, tableUpdateKey, triggerKind, withMode, type Mode } from "./triggerForms/triggerModes";

type Update = (update: (job: JobSettings) => JobSettings, key?: string) => void;

/** Schedule and triggers: one mode at a time (cron, periodic, run once, file arrival, table
 * update, job completion, continuous), each edited by its form in triggerForms/, and pause. */
export function ScheduleEditor({ job, jobId, onChange }: { job: JobSettings; jobId: number | null; onChange: Update }) {
  const mode = modeOf(job);
  const trigger = job.trigger ?? {};
  const pause = (job.schedule?.pause_status ?? job.trigger?.pause_status ?? job.continuous?.pause_status ?? "UNPAUSED") as PauseStatus;
  const modes = mode === "unknown" ? [...MODES, { value: "unknown" as Mode, label: `Other: ${triggerKind(trigger)} (kept as is)` }] : MODES;

  const setMode = (next: Mode) => onChange((current) => withMode(current, next, { now: Date.now(), timezone: localZoneName() }));

  const setPause = (paused: boolean) =>
    onChange((current) => {
      const status: PauseStatus = paused ? "PAUSED" : "UNPAUSED";
      if (current.schedule) return { ...current, schedule: { ...current.schedule, pause_status: status } };
      if (current.trigger) return { ...current, trigger: { ...current.trigger, pause_status: status } };
      if (current.continuous) return { ...current, continuous: { pause_status: status } };
      return current;
    });

  /** A setter for one trigger kind's settings, for its form. */
  const triggerPart =
    <K extends keyof TriggerSettings>(key: K) =>
    (value: NonNullable<TriggerSettings[K]>, field: string) =>
      onChange((current) => ({ ...current, trigger: { ...current.trigger, [key]: value } }), `${String(key)}.${field}`);
  const tableKey = tableUpdateKey(trigger);

  return (
    <div className="col" data-testid="schedule-editor">
      <SelectField label="Trigger type" value={mode} options={modes} onChange={(v) => setMode(v as Mode)} />
      {mode === "cron" && job.schedule && <CronForm expression={job.schedule.quartz_cron_expression} timezone={job.schedule.timezone_id} onChange={(expression, timezone) => onChange((current) => ({ ...current, schedule: { ...current.schedule!, quartz_cron_expression: expression, timezone_id: timezone } }), "schedule")} />}
      {mode === "periodic" && trigger.periodic && <PeriodicForm value={trigger.periodic} onChange={triggerPart("periodic")} />}
      {mode === "run_once" && trigger.run_once && <RunOnceForm value={trigger.run_once} onChange={triggerPart("run_once")} />}
      {mode === "file_arrival" && trigger.file_arrival && <FileArrivalForm value={trigger.file_arrival} onChange={triggerPart("file_arrival")} />}
      {mode === "table_update" && trigger[tableKey] && <TableUpdateForm value={trigger[tableKey]} onChange={triggerPart(tableKey)} />}
      {mode === "job_completion" && trigger.job_completion && <JobCompletionForm value={trigger.job_completion} jobId={jobId} onChange={triggerPart("job_completion")} />}
      {mode === "continuous" && <div className="alert info">A new run starts as soon as the previous one ends.</div>}
      {mode === "unknown" && <UnknownTriggerNote trigger={trigger} />}
      {mode !== "none" && <Switch label="Paused" checked={pause === "PAUSED"} onChange={setPause} />}
    </div>
  );
}
