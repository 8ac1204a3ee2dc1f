import { useEffect, useState } from "react";
import { X } from "lucide-react";
import { Button } from "../../components/Button";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { Tabs } from "../../components/Tabs";
import { RUN_IF_OPTIONS, TASK_TYPE_INFO, taskTypeOf } from "../../constants/taskTypes";
import { useTaskRun, useTaskRunExtras, useTaskRunOutput } from "../../queries/useTaskRun";
import { formatTime } from "../../utils/format";
import { DurationWarningAlert } from "./DurationWarningAlert";
import { EndedLog, LogPanel } from "./LogPanel";
import { TaskOutput } from "./TaskOutput";
import type { Task } from "../../api/types";
import type { RunTaskDetail } from "./runTypes";
import { elapsed, formatElapsed, isActive, taskStatus } from "./taskStatus";

type Tab = "output" | "logs" | "parameters";

/** The side panel of one task: its attempts (pick one), and for the picked attempt the output,
 * the live log tail, resolved parameters and task values. A for_each task lists its iterations,
 * each of which opens the same way. */
export function TaskPanel({
  attempts,
  now,
  onClose,
}: {
  attempts: RunTaskDetail[];
  now: number;
  onClose: () => void;
}) {
  const sorted = [...attempts].sort((a, b) => (a.attempt_number ?? 0) - (b.attempt_number ?? 0));
  const latest = sorted[sorted.length - 1];
  const [picked, setPicked] = useState<number | null>(null); // an attempt's or iteration's run id
  const taskKey = latest.task_key;
  // Escape closes the panel (not while a dialog, which closes on Escape itself, is open).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !document.querySelector("[role=dialog]")) onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  const type = TASK_TYPE_INFO[taskTypeOf(latest as Partial<Task>)]; // reads only the type blocks
  const runIf = latest.run_if && latest.run_if !== "ALL_SUCCESS" ? RUN_IF_OPTIONS.find((o) => o.value === latest.run_if) : undefined;
  return (
    <aside className="card task-panel" data-testid="task-panel" aria-label={`Task ${taskKey}`}>
      <div className="task-panel-header">
        <div className="grow">
          <h2 className="mono">{taskKey}</h2>
          <div className="task-panel-kind subtle">
            <span className="type-dot" style={{ background: type.color }} />
            {type.label}
            {runIf && <> · runs if {runIf.label.toLowerCase()}</>}
            {latest.cluster_instance?.cluster_id && <> · on {latest.cluster_instance.cluster_id}</>}
          </div>
        </div>
        <Button variant="ghost" size="sm" icon={<X size={16} />} label="Close task panel" onClick={onClose} />
      </div>
      {sorted.length > 1 && (
        <div className="attempts" role="group" aria-label="Attempts" data-testid="task-attempts">
          {sorted.map((attempt) => {
            const status = taskStatus(attempt);
            const current = (picked ?? latest.run_id) === attempt.run_id;
            return (
              <button
                key={attempt.run_id}
                type="button"
                className={`attempt tone-${status.tone}${current ? " current" : ""}`}
                aria-pressed={current}
                onClick={() => setPicked(attempt.run_id!)}
                data-testid={`attempt-${(attempt.attempt_number ?? 0) + 1}`}
              >
                <span>Attempt {(attempt.attempt_number ?? 0) + 1}</span>
                <span className="subtle">
                  {status.label} · {formatElapsed(elapsed(attempt.start_time, attempt.end_time, now))}
                </span>
              </button>
            );
          })}
        </div>
      )}
      <AttemptDetail
        key={picked ?? latest.run_id}
        summary={sorted.find((a) => a.run_id === picked) ?? latest}
        runId={picked ?? latest.run_id!}
        now={now}
        onOpenIteration={setPicked}
        isIteration={picked !== null && !sorted.some((a) => a.run_id === picked)}
        onBack={() => setPicked(null)}
      />
    </aside>
  );
}

function AttemptDetail({
  summary,
  runId,
  now,
  onOpenIteration,
  isIteration,
  onBack,
}: {
  summary: RunTaskDetail;
  runId: number;
  now: number;
  onOpenIteration: (runId: number) => void;
  isIteration: boolean;
  onBack: () => void;
}) {
  const detail = useTaskRun(runId);
  // An iteration is known only from its own runs/get; an attempt from the run's task list.
  const task: RunTaskDetail = { ...(detail.data?.tasks?.[0] ?? {}), ...(isIteration ? {} : summary) } as RunTaskDetail;
  const merged: RunTaskDetail = { ...task, resolved_values: detail.data?.tasks?.[0]?.resolved_values };
  const active = isActive(merged.state?.life_cycle_state ?? (isIteration ? "PENDING" : undefined));
  // Logs while the attempt runs, its output once it ended -- unless the user picked a tab.
  const [chosen, setTab] = useState<Tab | null>(null);
  const tab: Tab = chosen ?? (active ? "logs" : "output");
  const output = useTaskRunOutput(runId, { enabled: !active && Boolean(merged.task_key) });
  const extras = useTaskRunExtras(runId, { active });
  if (!merged.task_key) return detail.isPending ? <Spinner /> : <ErrorAlert error={detail.error} />;
  const status = taskStatus(merged);
  // Skipped (upstream failed, excluded, disabled ...) or not started yet: nothing ran.
  const neverRan = merged.state?.life_cycle_state === "SKIPPED" || !merged.start_time;
  const iterations = detail.data?.iterations ?? [];
  const values = Object.entries(extras.data?.task_values ?? {});
  return (
    <div className="task-panel-body">
      {isIteration && (
        <button type="button" className="link-button" onClick={onBack}>
          ← Back to the task
        </button>
      )}
      <div className="task-facts">
        <span className={`status-pill tone-${status.tone}`} data-testid="task-panel-state" data-state={status.state}>
          {status.label}
        </span>
        {status.attempt && <span className="subtle">{status.attempt}</span>}
        {!neverRan && <span className="subtle">Started {formatTime(merged.start_time || undefined)}</span>}
        {!neverRan && <span className="subtle">Duration {formatElapsed(elapsed(merged.start_time, merged.end_time, now))}</span>}
        {merged.queue_duration ? <span className="subtle">Queued {formatElapsed(merged.queue_duration)}</span> : null}
      </div>
      {merged.duration_warning && (
        <DurationWarningAlert
          warning={merged.duration_warning}
          fallback="The task passed its expected duration (health rule RUN_DURATION_SECONDS)."
          testId="task-duration-warning"
        />
      )}
      {merged.state?.state_message && !output.data?.error && (
        <div className="subtle task-message">{merged.state.state_message}</div>
      )}
      {output.data?.error && (
        <div className="alert danger" data-testid="task-error">
          <div className="mono">{output.data.error}</div>
          {output.data.error_trace && (
            <details>
              <summary>Trace</summary>
              <pre className="code-block trace" data-testid="task-error-trace">{output.data.error_trace}</pre>
            </details>
          )}
        </div>
      )}
      {merged.for_each_task && (
        <Iterations stats={merged.for_each_task.stats} iterations={iterations} now={now} onOpen={onOpenIteration} />
      )}
      <Tabs<Tab>
        label="Task attempt"
        value={tab}
        onChange={setTab}
        tabs={[
          { id: "output", label: "Output" },
          { id: "logs", label: "Logs" },
          { id: "parameters", label: "Parameters" },
        ]}
      />
      <div className="task-tab" data-testid={`task-tab-${tab}`}>
        {tab === "logs" &&
          (active || !output.data ? (
            <LogPanel key={runId} task={{ ...merged, run_id: runId }} />
          ) : (
            <EndedLog taskKey={merged.task_key} text={output.data.logs ?? ""} truncated={output.data.logs_truncated} />
          ))}
        {tab === "output" && neverRan && !active && <div className="subtle">This task did not run.</div>}
        {tab === "output" &&
          !(neverRan && !active) &&
          (output.isFetching && !output.data && !active ? (
            <Spinner />
          ) : (
            <TaskOutput task={{ ...merged, run_id: runId }} output={output.data} extras={extras.data} active={active} />
          ))}
        {tab === "parameters" && (
          <>
            <div className="section-title">Resolved parameters</div>
            {merged.resolved_values ? (
              <pre className="code-block" data-testid="task-parameters">{JSON.stringify(merged.resolved_values, null, 2)}</pre>
            ) : (
              <div className="subtle">No parameters.</div>
            )}
            <div className="section-title">Task values</div>
            {values.length === 0 ? (
              <div className="subtle">This task set no task values.</div>
            ) : (
              <table className="table compact" data-testid="task-values">
                <tbody>
                  {values.map(([key, value]) => (
                    <tr key={key}>
                      <td className="mono">{key}</td>
                      <td className="mono">{JSON.stringify(value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </div>
    </div>
  );
}

function Iterations({
  stats,
  iterations,
  now,
  onOpen,
}: {
  stats?: NonNullable<RunTaskDetail["for_each_task"]>["stats"];
  iterations: RunTaskDetail[];
  now: number;
  onOpen: (runId: number) => void;
}) {
  const counts = stats?.task_run_stats;
  return (
    <div data-testid="for-each-iterations">
      <div className="section-title">Iterations</div>
      {counts && (
        <div className="subtle">
          {counts.succeeded_iterations ?? 0} succeeded · {counts.failed_iterations ?? 0} failed ·{" "}
          {counts.active_iterations ?? 0} active · {counts.total_iterations ?? 0} in all
        </div>
      )}
      <table className="table compact">
        <tbody>
          {iterations.map((it, position) => {
            const status = taskStatus(it);
            const index = iterations.slice(0, position + 1).filter((other) => !other.attempt_number).length;
            return (
              <tr key={it.run_id}>
                <td>
                  <button type="button" className="link-button" onClick={() => onOpen(it.run_id!)} data-testid={`iteration-${it.run_id}`}>
                    Iteration {index}
                    {it.attempt_number ? ` (attempt ${it.attempt_number + 1})` : ""}
                  </button>
                </td>
                <td><span className={`status-pill tone-${status.tone}`}>{status.label}</span></td>
                <td className="subtle">{formatElapsed(elapsed(it.start_time, it.end_time, now))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
