import { useEffect, useRef } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { Tabs } from "../../components/Tabs";
import { keys } from "../../queries/keys";
import { useRun } from "../../queries/useRun";
import { useRunExtras } from "../../queries/useRunExtras";
import { useRunTimeline } from "../../queries/useRunTimeline";
import { useRunSocket } from "../../realtime/useRunSocket";
import { useStableCallback } from "../../utils/useStableCallback";
import { RunGraph } from "./RunGraph";
import { RunHeader } from "./RunHeader";
import { RunTimeline } from "./RunTimeline";
import { TaskPanel } from "./TaskPanel";
import { TaskRow } from "./TaskRow";
import type { RunDetail } from "./runTypes";
import { isActive } from "./taskStatus";
import { useNow } from "../../utils/useNow";
import "./runPage.css";

type View = "graph" | "timeline";

const TIMELINE_EVERY_MS = 1000;

/** A run's page: header and actions, the task graph or the Gantt timeline, and the panel of the
 * selected task. runs/get is kept live by the run's websocket (polled only while it is down);
 * the timeline is refetched whenever the run is. `?task=<key>` selects a task, `?view=timeline`
 * opens the timeline. */
export function RunPage() {
  const runId = Number(useParams().runId);
  const socket = useRunSocket(runId);
  const run = useRun(runId, { poll: !socket.connected });
  const extras = useRunExtras(runId);
  const [search, setSearch] = useSearchParams();
  const selected = search.get("task");
  const view: View = search.get("view") === "timeline" ? "timeline" : "graph";
  const timeline = useRunTimeline(runId, { enabled: view === "timeline" });
  const client = useQueryClient();
  const data = run.data as RunDetail | undefined;
  const active = isActive(data?.state?.life_cycle_state);
  const now = useNow(active || (data?.tasks ?? []).some((t) => isActive(t.state?.life_cycle_state)));

  // Every change of the run (each websocket event) makes the timeline stale: refetch it at most
  // once a second while it is shown (a big run changes many times a second).
  const timelineRead = useRef(0);
  useEffect(() => {
    if (!run.dataUpdatedAt || view !== "timeline") return;
    const timer = setTimeout(() => {
      timelineRead.current = Date.now();
      void client.invalidateQueries({ queryKey: keys.runTimeline(runId), exact: true });
    }, Math.max(0, timelineRead.current + TIMELINE_EVERY_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [client, runId, run.dataUpdatedAt, view]);

  const update = (name: string, value: string | null) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === null) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  const select = (key: string | null) => update("task", key === selected ? null : key);
  const attempts = (data?.tasks ?? []).filter((task) => task.task_key === selected);
  const closePanel = useStableCallback(() => select(null));

  if (run.isPending) return <div className="page"><Spinner /></div>;
  if (!data)
    return (
      <div className="page">
        <div className="page-header">
          <h1 className="grow">Run {Number.isFinite(runId) ? runId : ""}</h1>
          <Link to="/runs">All job runs</Link>
        </div>
        <ErrorAlert error={run.error} />
      </div>
    );
  return (
    <div className="page run-page">
      <RunHeader run={data} extras={extras.data} live={socket.connected} now={now} />
      <ErrorAlert error={run.error} />
      <div className="run-view-tabs">
        <Tabs<View>
          label="Run view"
          value={view}
          onChange={(id) => update("view", id === "graph" ? null : id)}
          tabs={[
            { id: "graph", label: "Graph" },
            { id: "timeline", label: "Timeline" },
          ]}
        />
      </div>
      <div className={`run-body${attempts.length ? " with-panel" : ""}`}>
        <div className="card run-main">
          {view === "graph" ? (
            <>
              {(data.tasks ?? []).length > 0 ? (
                <RunGraph tasks={data.tasks ?? []} selected={selected} onSelect={select} />
              ) : (
                <div className="card-body subtle">No task runs yet.</div>
              )}
              <TaskTable run={data} now={now} selected={selected} onSelect={select} />
            </>
          ) : (
            <RunTimeline timeline={timeline.data} error={timeline.error} now={now} selected={selected} onSelect={select} />
          )}
        </div>
        {attempts.length > 0 && <TaskPanel key={selected} attempts={attempts} now={now} onClose={closePanel} />}
      </div>
    </div>
  );
}

/** Every attempt of every task, in run order. */
function TaskTable({ run, now, selected, onSelect }: { run: RunDetail; now: number; selected: string | null; onSelect: (key: string) => void }) {
  const select = useStableCallback(onSelect);
  if (!run.tasks?.length) return null;
  return (
    <div className="run-task-table-box">
      <table className="table run-task-table">
        <thead>
          <tr><th>Task</th><th>Attempt</th><th>State</th><th>Started</th><th>Duration</th></tr>
        </thead>
        <tbody>
          {run.tasks.map((task) => (
            <TaskRow
              key={`${task.task_key}-${task.run_id}`}
              task={task}
              selected={selected === task.task_key}
              now={task.start_time && !task.end_time ? now : 0}
              onSelect={select}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
