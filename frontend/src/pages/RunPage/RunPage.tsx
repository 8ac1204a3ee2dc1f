import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { StateBadge } from "../../components/StateBadge";
import { useRun } from "../../queries/useRun";
import { useRunSocket } from "../../realtime/useRunSocket";
import { LogPanel } from "./LogPanel";
import { RunGraph } from "./RunGraph";
import { latestAttempts } from "./runGraph";
import { formatDuration, formatTime } from "../../utils/format";

/** A run's state from runs/get, kept live by the run's websocket (polled only while it is down). */
export function RunPage() {
  const runId = Number(useParams().runId);
  const socket = useRunSocket(runId);
  const run = useRun(runId, { poll: !socket.connected });
  const [selected, setSelected] = useState<string | null>(null);
  const data = run.data;
  const state = data?.state?.result_state ?? data?.state?.life_cycle_state;
  return (
    <div className="page">
      <div className="page-header">
        <div className="grow">
          <h1 className="row">
            Run {runId} {data && <StateBadge state={state} />}
            <span
              className="subtle"
              data-testid="live-indicator"
              data-live={socket.connected ? "true" : "false"}
              title={socket.connected ? "Updates arrive live" : "Reconnecting; refreshing every 2 s"}
            >
              {socket.connected ? "● live" : "○ reconnecting"}
            </span>
          </h1>
          {data?.job_id && (
            <p className="muted">
              <Link to={`/jobs/${data.job_id}`}>{data.run_name ?? `Job ${data.job_id}`}</Link>
              {data.number_in_job ? ` · run #${data.number_in_job}` : ""} · {data.trigger ?? ""}
            </p>
          )}
        </div>
      </div>
      <ErrorAlert error={run.error} />
      {run.isPending ? (
        <Spinner />
      ) : data ? (
        <div className="card" data-testid="run-state">
          <div className="card-body grid-3">
            <div><div className="subtle">Life cycle</div><strong data-testid="life-cycle-state">{data.state?.life_cycle_state ?? "—"}</strong></div>
            <div><div className="subtle">Started</div>{formatTime(data.start_time)}</div>
            <div><div className="subtle">Duration</div>{formatDuration(data.end_time && data.start_time ? data.end_time - data.start_time : data.start_time ? Date.now() - data.start_time : 0)}</div>
          </div>
          {data.state?.state_message && <div className="card-body subtle">{data.state.state_message}</div>}
          {data.job_parameters && data.job_parameters.length > 0 && (
            <div className="card-body">
              <div className="section-title">Parameters</div>
              <table className="table" data-testid="run-parameters">
                <tbody>
                  {data.job_parameters.map((p) => (
                    <tr key={p.name}><td className="mono">{p.name}</td><td className="mono">{p.value ?? p.default}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {data.tasks && data.tasks.length > 0 && (
            <RunGraph tasks={data.tasks} selected={selected} onSelect={(key) => setSelected(key === selected ? null : key)} />
          )}
          {selected && data.tasks && (() => {
            const task = latestAttempts(data.tasks).find((t) => t.task_key === selected);
            return task ? <LogPanel key={task.run_id} task={task} /> : null;
          })()}
          {data.tasks && data.tasks.length > 0 && (
            <table className="table">
              <thead><tr><th>Task</th><th>State</th><th>Started</th><th>Duration</th></tr></thead>
              <tbody>
                {data.tasks.map((task) => (
                  <tr
                    key={`${task.task_key}-${task.run_id}`}
                    data-testid={`task-row-${task.task_key}`}
                    data-state={task.state?.result_state ?? task.state?.life_cycle_state}
                  >
                    <td className="mono">{task.task_key}</td>
                    <td><StateBadge state={task.state?.result_state ?? task.state?.life_cycle_state} /></td>
                    <td>{formatTime(task.start_time)}</td>
                    <td>{formatDuration(task.end_time && task.start_time ? task.end_time - task.start_time : 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}
    </div>
  );
}
