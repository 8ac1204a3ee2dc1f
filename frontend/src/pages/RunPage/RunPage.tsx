import { useEffect, useMemo, useRef } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { useQueryClient } from "@tanstack/react-query";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { Tabs } from "../../components/Tabs";
import { keys } from "../../queries/keys";
import { useRun } from "../../queries/useRun";
import { useRunDeliveries } from "../../queries/useRunDeliveries";
import { useRunExtras } from "../../queries/useRunExtras";
import { useRunTimeline } from "../../queries/useRunTimeline";
import { useRunSocket } from "../../realtime/useRunSocket";
import { useStableCallback } from "../../utils/useStableCallback";
import { RunGraph } from "./RunGraph";
import { PastRepairBanner } from "./PastRepairBanner";
import { RunHeader } from "./RunHeader";
import { RunNotifications } from "./RunNotifications";
import { RunTimeline } from "./RunTimeline";
import { TaskPanel } from "./TaskPanel";
import { TaskRow } from "./TaskRow";
import { attemptsAsOf, historyEntries, pastEntry } from "./repairHistory";
import type { RunDetail, RunTimeline as Timeline } from "./runTypes";
import { isActive } from "./taskStatus";
import { useNow } from "../../utils/useNow";
import "./runPage.css";

type View = "graph" | "timeline" | "notifications";
const VIEWS: View[] = ["graph", "timeline", "notifications"];

const TIMELINE_EVERY_MS = 1000;

/** A run's page: header and actions, the task graph or the Gantt timeline, and the panel of the
 * selected task. runs/get is kept live by the run's websocket (polled only while it is down);
 * the timeline is refetched whenever the run is. `?task=<key>` selects a task, `?view=timeline`
 * opens the timeline, `?repair=original|<repair id>` shows the run as it stood at the end of that
 * entry of its repair history (graph, tasks, timeline and panel; the actions stay on the latest).
 * `?view=notifications` lists the alerts the run sent; its tab shows once there is one. */
export function RunPage() {
  const runId = Number(useParams().runId);
  const socket = useRunSocket(runId);
  const run = useRun(runId, { poll: !socket.connected });
  const extras = useRunExtras(runId);
  const [search, setSearch] = useSearchParams();
  const selected = search.get("task");
  const view: View = VIEWS.find((v) => v === search.get("view")) ?? "graph";
  const timeline = useRunTimeline(runId, { enabled: view === "timeline" });
  const client = useQueryClient();
  const data = run.data as RunDetail | undefined;
  const active = isActive(data?.state?.life_cycle_state);
  const deliveries = useRunDeliveries(runId, { runActive: !data || active, runEndTime: data?.end_time || undefined });
  const sent = deliveries.data?.length ?? 0;
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
  const entries = useMemo(() => historyEntries(data?.repair_history), [data?.repair_history]);
  const past = pastEntry(entries, search.get("repair"));
  const pastIndex = past?.index;
  // The run as the picked history entry left it (Latest: the run itself, live).
  const shown = useMemo(
    () =>
      data && pastIndex !== undefined
        ? { ...data, tasks: attemptsAsOf(data.tasks ?? [], data.repair_history, pastIndex) }
        : data,
    [data, pastIndex],
  );
  const shownTimeline = useMemo(() => timelineAsOf(timeline.data, shown, pastIndex !== undefined), [timeline.data, shown, pastIndex]);
  const attempts = (shown?.tasks ?? []).filter((task) => task.task_key === selected);
  const closePanel = useStableCallback(() => select(null));

  if (run.isPending) return <div className="page"><Spinner /></div>;
  if (!data || !shown)
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
      <RunHeader
        run={data}
        extras={extras.data}
        live={socket.connected}
        now={now}
        history={{ entries, past, onPick: (key) => update("repair", key) }}
      />
      {past && <PastRepairBanner entry={past} onLatest={() => update("repair", null)} />}
      <ErrorAlert error={run.error} />
      <div className="run-view-tabs">
        <Tabs<View>
          label="Run view"
          value={view}
          onChange={(id) => update("view", id === "graph" ? null : id)}
          tabs={[
            { id: "graph", label: "Graph" },
            { id: "timeline", label: "Timeline" },
            ...(sent || view === "notifications" ? [{ id: "notifications" as const, label: `Notifications (${sent})` }] : []),
          ]}
        />
      </div>
      <div className={`run-body${attempts.length ? " with-panel" : ""}`}>
        <div className="card run-main">
          {view === "notifications" ? (
            <RunNotifications deliveries={deliveries.data} error={deliveries.error} />
          ) : view === "graph" ? (
            <>
              {(shown.tasks ?? []).length > 0 ? (
                <RunGraph tasks={shown.tasks ?? []} selected={selected} onSelect={select} />
              ) : (
                <div className="card-body subtle">No task runs yet.</div>
              )}
              <TaskTable run={shown} now={now} selected={selected} onSelect={select} />
            </>
          ) : (
            <RunTimeline timeline={shownTimeline} error={timeline.error} now={now} selected={selected} onSelect={select} />
          )}
        </div>
        {attempts.length > 0 && <TaskPanel key={`${selected}-${past?.key ?? "latest"}`} attempts={attempts} now={now} onClose={closePanel} />}
      </div>
    </div>
  );
}

/** The timeline's attempts (and their for_each iterations) among the shown run's, when a past
 * repair is picked. */
function timelineAsOf(timeline: Timeline | undefined, shown: RunDetail | undefined, isPast: boolean) {
  if (!timeline || !isPast) return timeline;
  const ids = new Set((shown?.tasks ?? []).map((task) => task.run_id));
  return { ...timeline, task_runs: timeline.task_runs.filter((tr) => ids.has(tr.parent_run_id ?? tr.run_id)) };
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
