/** The Gantt chart of a run (pure, tested): one row per task, each attempt drawn as a queued
 * segment (queued → started), a running segment (started → ended, coloured by how it ended) and,
 * for a retry, the wait before it was queued again. Open segments end at `now`. */
import { toneOf, type Tone } from "./runGraph";
import type { RunTimeline, TimelineTaskRun } from "./runTypes";

export type SegmentKind = "retry_wait" | "queued" | "running";

export interface Segment {
  kind: SegmentKind;
  start: number;
  end: number;
  attempt: number; // counted from 1
  tone: Tone;
  state: string;
  open: boolean; // still growing (the attempt is not there yet)
}

export interface TimelineRow {
  taskKey: string;
  attempts: number;
  state: string;
  segments: Segment[];
}

export interface TimelineChart {
  start: number;
  end: number;
  rows: TimelineRow[];
}

function stateOf(tr: TimelineTaskRun): string {
  return tr.state?.result_state ?? tr.state?.life_cycle_state ?? "BLOCKED";
}

/** The segments of one attempt. A retry waits (WAITING_FOR_RETRY) from its creation until its
 * state log says it left that state; an attempt is queued from its QUEUED change (a first attempt:
 * its queued time) until it started. */
export function attemptSegments(tr: TimelineTaskRun, now: number): Segment[] {
  const state = stateOf(tr);
  const attempt = tr.attempt_number + 1;
  const out: Segment[] = [];
  const add = (kind: SegmentKind, start: number, end: number, open: boolean, tone: Tone) => {
    if (start > 0 && end >= start) out.push({ kind, start, end, attempt, tone, state, open });
  };
  const settled = tr.start_time || tr.end_time; // 0 while it has not started nor ended
  const queuedAt = tr.events.find((e) => e.to_state === "QUEUED")?.at ?? (tr.attempt_number === 0 ? tr.queued_time : 0);
  if (tr.attempt_number > 0) {
    const waited = tr.events.find((e) => e.from_state === "WAITING_FOR_RETRY")?.at || queuedAt || settled;
    add("retry_wait", tr.created_time, waited || now, !waited, "warning");
  }
  if (queuedAt) add("queued", queuedAt, settled || now, !settled, "waiting");
  if (tr.start_time) add("running", tr.start_time, tr.end_time || now, !tr.end_time, toneOf(state));
  return out;
}

/** Rows in the order tasks first started (tasks that never did last, in run order). */
export function timelineChart(timeline: RunTimeline, now: number): TimelineChart {
  const byKey = new Map<string, TimelineTaskRun[]>();
  for (const tr of timeline.task_runs) {
    if (tr.parent_run_id) continue; // for_each iterations live on their parent's panel
    byKey.set(tr.task_key, [...(byKey.get(tr.task_key) ?? []), tr]);
  }
  const rows: TimelineRow[] = [...byKey.entries()].map(([taskKey, attempts]) => {
    const sorted = [...attempts].sort((a, b) => a.attempt_number - b.attempt_number);
    return {
      taskKey,
      attempts: sorted.length,
      state: stateOf(sorted[sorted.length - 1]),
      segments: sorted.flatMap((tr) => attemptSegments(tr, now)),
    };
  });
  const firstStart = (row: TimelineRow) => (row.segments.length ? row.segments[0].start : Infinity);
  const order = new Map(rows.map((row, index) => [row.taskKey, index]));
  rows.sort((a, b) => firstStart(a) - firstStart(b) || order.get(a.taskKey)! - order.get(b.taskKey)!);
  const ends = rows.flatMap((row) => row.segments.map((s) => s.end));
  const start = timeline.start_time || Math.min(now, ...rows.flatMap((row) => row.segments.map((s) => s.start)));
  const end = Math.max(timeline.end_time || now, start + 1, ...ends);
  return { start, end, rows };
}

/** A segment's left offset and width as percentages of the chart (at least a sliver wide). */
export function placement(segment: Pick<Segment, "start" | "end">, chart: Pick<TimelineChart, "start" | "end">) {
  const span = Math.max(1, chart.end - chart.start);
  const left = ((segment.start - chart.start) / span) * 100;
  const width = ((segment.end - segment.start) / span) * 100;
  return { left: Math.max(0, Math.min(100, left)), width: Math.max(0.3, Math.min(100 - Math.max(0, left), width)) };
}

/** Up to `count` round tick times across the chart for the axis. */
export function ticks(chart: Pick<TimelineChart, "start" | "end">, count = 6): number[] {
  const span = chart.end - chart.start;
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map((s) => s * 1000);
  const step = steps.find((s) => span / s <= count) ?? steps[steps.length - 1];
  const out: number[] = [];
  for (let t = step; t < span; t += step) out.push(t);
  return out;
}
