import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { Play, Square, Wrench } from "lucide-react";
import { Button } from "../../components/Button";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StateBadge } from "../../components/StateBadge";
import { toast } from "../../components/toastStore";
import { useCancelRun } from "../../queries/useCancelRun";
import { useRunNow } from "../../queries/useRunNow";
import { formatTime } from "../../utils/format";
import { DurationWarningAlert } from "./DurationWarningAlert";
import { RepairDialog } from "./RepairDialog";
import { RepairHistorySelect } from "./RepairHistorySelect";
import type { HistoryEntry } from "./repairHistory";
import { parameterValues } from "./runParameters";
import type { RunDetail, RunExtras } from "./runTypes";
import { elapsed, formatElapsed, isActive, stateLabel } from "./taskStatus";
import { LiveIndicator } from "../../components/LiveIndicator";

const TRIGGERS: Record<string, string> = {
  ONE_TIME: "Manual",
  PERIODIC: "Scheduled",
  FILE_ARRIVAL: "File arrival",
  TABLE: "Table update",
  CONTINUOUS: "Continuous",
  RETRY: "Retry",
  RUN_JOB_TASK: "Run job task",
  JOB_COMPLETION: "Job completion",
};

/** What the repair-history picker shows: its entries, the past one picked (none: Latest), and
 * how to pick another (null: Latest). */
export interface HistoryPick {
  entries: HistoryEntry[];
  past?: HistoryEntry;
  onPick: (key: string | null) => void;
}

/** The run's title, state, who/what started it, times, parameters, the duration warning, the
 * repair-history picker (once repaired), and the Cancel / Repair run / Run again actions. With a
 * past repair picked, the badge and status say how that one ended; the actions still follow the
 * run's latest state. */
export function RunHeader({
  run,
  extras,
  live,
  now,
  history,
}: {
  run: RunDetail;
  extras?: RunExtras;
  live: boolean;
  now: number;
  history?: HistoryPick;
}) {
  const [repairing, setRepairing] = useState(false);
  const cancel = useCancelRun();
  const runNow = useRunNow();
  const navigate = useNavigate();
  const lifeCycle = run.state?.life_cycle_state;
  const active = isActive(lifeCycle);
  const state = run.state?.result_state ?? lifeCycle;
  const repairable = !active && run.job_id !== undefined && state !== "SUCCESS";
  const past = history?.past;
  const shownState = past ? past.state : state;
  // A past entry's own span: the original run until the first repair, a repair until the next.
  const pastItem = past ? run.repair_history?.[past.index] : undefined;
  const warning = run.duration_warning;
  const runAgain = () =>
    runNow.mutate(
      { jobId: run.job_id!, parameters: parameterValues(run) },
      { onSuccess: ({ run_id }) => navigate(`/runs/${run_id}`) },
    );
  const parameters = run.job_parameters ?? [];
  const repairs = (run.repair_history ?? []).filter((item) => item.type === "REPAIR");

  return (
    <>
      <div className="page-header run-header">
        <div className="grow">
          <div className="subtle run-breadcrumb">
            <Link to="/runs">Job runs</Link>
            {run.job_id && (
              <>
                {" / "}
                <Link to={`/jobs/${run.job_id}`} data-testid="run-job-link">{run.run_name ?? `Job ${run.job_id}`}</Link>
              </>
            )}
          </div>
          <h1 className="row">
            {run.job_id ? `Run #${run.number_in_job ?? run.run_id}` : (run.run_name ?? `Run ${run.run_id}`)}
            <span data-testid="run-state-badge" data-state={shownState}>
              <StateBadge state={shownState} />
            </span>
            <LiveIndicator connected={live} liveTitle="Updates arrive live" offlineTitle="Reconnecting; refreshing every 2 s" />
          </h1>
        </div>
        <div className="row">
          {history && history.entries.length > 0 && (
            <RepairHistorySelect entries={history.entries} value={past?.key} onChange={history.onPick} />
          )}
          {active && (
            <Button
              variant="danger"
              icon={<Square size={14} />}
              onClick={() => cancel.mutate(run.run_id, { onSuccess: () => toast("Cancelling the run…") })}
              disabled={cancel.isPending || lifeCycle === "TERMINATING"}
              data-testid="run-cancel"
            >
              {lifeCycle === "TERMINATING" ? "Cancelling…" : "Cancel run"}
            </Button>
          )}
          {repairable && (
            <Button icon={<Wrench size={15} />} onClick={() => setRepairing(true)} data-testid="run-repair">
              Repair run
            </Button>
          )}
          {run.job_id !== undefined && (
            <Button
              variant={active ? "default" : "primary"}
              icon={<Play size={15} />}
              onClick={runAgain}
              disabled={runNow.isPending}
              data-testid="run-again"
            >
              Run again
            </Button>
          )}
        </div>
      </div>
      <ErrorAlert error={cancel.error ?? runNow.error} />
      {warning && (
        <DurationWarningAlert
          warning={warning}
          fallback="The run passed its expected duration (health rule RUN_DURATION_SECONDS)."
          testId="duration-warning"
        />
      )}
      <div className="card run-summary" data-testid="run-state">
        <dl className="run-facts">
          <div>
            <dt>Status</dt>
            <dd>
              {stateLabel(shownState)}
{" "}
              {past ? (
                <span className="subtle">({past.label})</span>
              ) : (
                <span className="mono subtle run-lifecycle" data-testid="life-cycle-state">{lifeCycle ?? "—"}</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Trigger</dt>
            <dd data-testid="run-trigger">{TRIGGERS[run.trigger ?? ""] ?? run.trigger ?? "—"}</dd>
          </div>
          <div>
            <dt>Started by</dt>
            <dd data-testid="run-creator">{run.creator_user_name ?? "—"}</dd>
          </div>
          <div>
            <dt>Job</dt>
            <dd>
              {run.job_id ? <Link to={`/jobs/${run.job_id}`}>{run.run_name ?? run.job_id}</Link> : "One-time run"}
              {extras?.job_version ? <span className="subtle" data-testid="run-job-version"> · version {extras.job_version}</span> : null}
            </dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>{formatTime(run.start_time)}</dd>
          </div>
          {repairs.length > 0 && (
            <div>
              <dt>Repairs</dt>
              <dd data-testid="run-repairs" title={repairs.map((r) => formatTime(r.start_time)).join("\n")}>
                {repairs.length} · last {formatTime(repairs[repairs.length - 1].start_time)}
              </dd>
            </div>
          )}
          <div>
            <dt>Duration</dt>
            <dd data-testid="run-duration">
              {pastItem ? (
                <>
                  {formatElapsed(elapsed(pastItem.start_time, pastItem.end_time, now))}
                  <span className="subtle"> ({past?.label})</span>
                </>
              ) : (
                <>
                  {formatElapsed(elapsed(run.start_time, run.end_time, now))}
                  {active && run.start_time ? <span className="subtle"> (running)</span> : null}
                </>
              )}
            </dd>
          </div>
        </dl>
        {run.state?.state_message && <div className="run-message subtle">{run.state.state_message}</div>}
        {parameters.length > 0 && (
          <div className="run-params" data-testid="run-parameters">
            <span className="section-title">Parameters</span>
            {parameters.map((p) => (
              <span key={p.name} className="run-param mono" title={p.value === undefined ? "default" : undefined}>
                {p.name}=<strong>{p.value ?? p.default}</strong>
              </span>
            ))}
          </div>
        )}
      </div>
      {repairing && run.tasks && <RepairDialog run={run} onClose={() => setRepairing(false)} />}
    </>
  );
}
