/** What starts a job, as the Schedule tab's modes: which mode a job's settings are in, and the
 * settings a newly chosen mode starts from. Pure, so every shape the API returns is tested. */
import type { IntervalUnit, JobSettings, TriggerSettings } from "../../../api/types";

export type Mode = "none" | "cron" | "periodic" | "file_arrival" | "table_update" | "job_completion" | "run_once" | "continuous" | "unknown";

export const MODES: { value: Mode; label: string }[] = [
  { value: "none", label: "None (manual runs only)" },
  { value: "cron", label: "Scheduled (cron)" },
  { value: "periodic", label: "Periodic interval" },
  { value: "run_once", label: "Run once at a time" },
  { value: "file_arrival", label: "File arrival" },
  { value: "table_update", label: "Table update" },
  { value: "job_completion", label: "Job completion" },
  { value: "continuous", label: "Continuous" },
];

/** Databricks' limit on the jobs one job completion trigger watches. */
export const MAX_MONITORED_JOBS = 10;

/** Periodic triggers' and backfills' units (Databricks' periodic units). */
export const INTERVAL_UNITS: { value: IntervalUnit; label: string }[] = [
  { value: "MINUTES", label: "minutes" },
  { value: "HOURS", label: "hours" },
  { value: "DAYS", label: "days" },
  { value: "WEEKS", label: "weeks" },
];

/** Trigger kinds the editor edits, by the key the API uses. `table` is table_update's older name. */
const TRIGGER_MODES: Record<string, Mode> = {
  periodic: "periodic",
  file_arrival: "file_arrival",
  table_update: "table_update",
  table: "table_update",
  job_completion: "job_completion",
  run_once: "run_once",
};

/** The trigger's kind key (periodic, table…), or null when it has none. */
export function triggerKind(trigger: TriggerSettings | undefined): string | null {
  return Object.keys(trigger ?? {}).find((key) => key !== "pause_status") ?? null;
}

export function modeOf(job: JobSettings): Mode {
  if (job.schedule) return "cron";
  if (job.continuous) return "continuous";
  const kind = triggerKind(job.trigger);
  if (kind === null) return "none";
  // A kind this editor does not know is shown as it is, never turned into "none" (saving would drop it).
  return TRIGGER_MODES[kind] ?? "unknown";
}

/** Where the table update settings live: under `table` when the job was saved with the older name,
 * so an edit keeps the key the job has. */
export function tableUpdateKey(trigger: TriggerSettings | undefined): "table" | "table_update" {
  return trigger?.table && !trigger.table_update ? "table" : "table_update";
}

/** The next whole hour at least an hour from now: a run-once time that is not already past. */
export function nextRunOnceTime(now: number): number {
  const hour = 3_600_000;
  return Math.ceil((now + hour) / hour) * hour;
}

/** The job with its start condition replaced by a fresh one of `mode` (unpaused). */
export function withMode(job: JobSettings, mode: Mode, { now, timezone }: { now: number; timezone: string }): JobSettings {
  const { schedule: _s, trigger: _t, continuous: _c, ...rest } = job;
  const trigger = (settings: Omit<TriggerSettings, "pause_status">): JobSettings => ({ ...rest, trigger: { pause_status: "UNPAUSED", ...settings } });
  switch (mode) {
    case "cron":
      return { ...rest, schedule: { quartz_cron_expression: "0 0 6 * * ?", timezone_id: timezone, pause_status: "UNPAUSED" } };
    case "periodic":
      return trigger({ periodic: { interval: 1, unit: "HOURS" } });
    case "run_once":
      return trigger({ run_once: { timestamp_ms: nextRunOnceTime(now) } });
    case "file_arrival":
      return trigger({ file_arrival: { url: "" } });
    case "table_update":
      return trigger({ table_update: { table_names: [""], condition: "ANY_UPDATED" } });
    case "job_completion":
      return trigger({ job_completion: { jobs: [], if_status: "SUCCESS" } });
    case "continuous":
      return { ...rest, continuous: { pause_status: "UNPAUSED" } };
    case "unknown": // not offered: there is nothing to start one from
      return job;
    case "none":
      return rest;
  }
}
