import { Link } from "react-router-dom";
import { Square } from "lucide-react";
import type { RunSummary } from "../../api/runViews";
import { Button } from "../../components/Button";
import { StateBadge } from "../../components/StateBadge";
import { formatDuration, formatTime } from "../../utils/format";
import { isActive, runDuration, runState } from "../JobRuns/matrixLayout";
import { TRIGGERS } from "./runFilters";

const TRIGGER_LABEL = new Map(TRIGGERS.map((t) => [t.value, t.label]));

interface RunsTableProps {
  runs: RunSummary[];
  /** Now, for the ticking duration of running runs. */
  now: number;
  showJob?: boolean;
  /** Offer Cancel on active runs. */
  onCancel?: (run: RunSummary) => void;
  cancelling?: number | null;
  testId?: string;
}

/** Runs as table rows: run link, job link, state, trigger, start, duration (ticking while active). */
export function RunsTable({ runs, now, showJob = true, onCancel, cancelling, testId }: RunsTableProps) {
  return (
    <table className="table runs-table" data-testid={testId}>
      <thead>
        <tr>
          <th className="col-run">Run</th>
          {showJob && <th>Job</th>}
          <th className="col-state">State</th>
          <th className="col-trigger">Trigger</th>
          <th className="col-started">Started</th>
          <th className="col-duration">Duration</th>
          {onCancel && <th className="col-actions" aria-label="Actions" />}
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => {
          const active = isActive(run);
          const state = runState(run);
          const terminating = run.state?.life_cycle_state === "TERMINATING";
          return (
            <tr key={run.run_id} data-testid={`run-row-${run.run_id}`} data-state={state}>
              <td className="name-cell">
                <Link to={`/runs/${run.run_id}`}>{run.job_id ? `#${run.number_in_job ?? run.run_id}` : run.run_name ?? `Run ${run.run_id}`}</Link>
                <div className="subtle">run {run.run_id}</div>
              </td>
              {showJob && (
                <td>
                  {run.job_id ? (
                    <Link to={`/jobs/${run.job_id}/runs`}>{run.job_name ?? run.run_name ?? `Job ${run.job_id}`}</Link>
                  ) : (
                    <span className="subtle">one-time run</span>
                  )}
                </td>
              )}
              <td>
                <StateBadge state={state} />
                {run.state?.queue_reason && <div className="subtle" title={run.state.queue_reason}>{run.state.queue_reason}</div>}
              </td>
              <td className="muted">{TRIGGER_LABEL.get(run.trigger ?? "") ?? run.trigger ?? "—"}</td>
              <td title={formatTime(run.start_time)}>{formatTime(run.start_time)}</td>
              <td className={active ? "runs-duration live" : "runs-duration"}>{formatDuration(runDuration(run, now))}</td>
              {onCancel && (
                <td style={{ textAlign: "right" }}>
                  {active && (
                    <Button
                      size="sm"
                      variant="danger"
                      icon={<Square size={12} />}
                      disabled={terminating || cancelling === run.run_id}
                      onClick={() => onCancel(run)}
                      aria-label={`Cancel run ${run.run_id}`}
                    >
                      {terminating ? "Cancelling" : "Cancel"}
                    </Button>
                  )}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
