/** The Gantt chart of a run (pure, tested): one row per task, each attempt drawn as a queued
 * segment (queued → started), a running segment (started → ended, coloured by how it ended) and,
 * for a retry, the wait before it was queued again; a for_each task's iterations follow it as
 * rows of their own (the first MAX_ITERATION_ROWS). Open segments end at `now`. */
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

/** A big for_each shows this many iteration rows; the rest are counted on its last row. */
export const MAX_ITERATION_ROWS = 50;

export interface TimelineRow {
  /** The task the row belongs to (an iteration row: its for_each task). */
  taskKey: string;
  /** Unique per row: the task key, or `<task key>#<iteration index>`. */
  id: string;
  /** For an iteration row: its index counted from 1. */
  iteration?: number;
  /** Iterations left out after this row (only on the last iteration row shown). */
  more?: number;
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

function row(taskKey: string, id: string, attempts: TimelineTaskRun[], now: number): TimelineRow {
  const sorted = [...attempts].sort((a, b) => a.attempt_number - b.attempt_number);
  return {
    taskKey,
    id,
    attempts: sorted.length,
    state: stateOf(sorted[sorted.length - 1]),
    segments: sorted.flatMap((tr) => attemptSegments(tr, now)),
  };
}

/** Rows in the order tasks first started (tasks that never did last, in run order), each for_each
 * task followed by its iterations in index order. */
export function timelineChart(timeline: RunTimeline, now: number): TimelineChart {
  const byKey = new Map<string, TimelineTaskRun[]>();
  const keyOfRun = new Map<number, string>();
  for (const tr of timeline.task_runs) {
    if (tr.parent_run_id) continue;
    byKey.set(tr.task_key, [...(byKey.get(tr.task_key) ?? []), tr]);
    keyOfRun.set(tr.run_id, tr.task_key);
  }
  // Iterations by their for_each task (over all of its attempts) and index.
  const iterations = new Map<string, Map<number, TimelineTaskRun[]>>();
  for (const tr of timeline.task_runs) {
    const parent = tr.parent_run_id ? keyOfRun.get(tr.parent_run_id) : undefined;
    if (parent === undefined) continue;
    const byIndex = iterations.get(parent) ?? new Map<number, TimelineTaskRun[]>();
    const index = tr.iteration_index ?? 0;
    byIndex.set(index, [...(byIndex.get(index) ?? []), tr]);
    iterations.set(parent, byIndex);
  }
  const rows = [...byKey.entries()].map(([taskKey, attempts]) => row(taskKey, taskKey, attempts, now));
  const firstStart = (r: TimelineRow) => (r.segments.length ? r.segments[0].start : Infinity);
  const order = new Map(rows.map((r, index) => [r.taskKey, index]));
  rows.sort((a, b) => firstStart(a) - firstStart(b) || order.get(a.taskKey)! - order.get(b.taskKey)!);
  const all = rows.flatMap((parent) => {
    const byIndex = [...(iterations.get(parent.taskKey) ?? new Map()).entries()].sort((a, b) => a[0] - b[0]);
    const shown = byIndex.slice(0, MAX_ITERATION_ROWS).map(([index, attempts]) => ({
      ...row(parent.taskKey, `${parent.taskKey}#${index}`, attempts, now),
      iteration: index + 1,
    }));
    if (byIndex.length > shown.length) shown[shown.length - 1].more = byIndex.length - shown.length;
    return [parent, ...shown];
  });
  const ends = all.flatMap((r) => r.segments.map((s) => s.end));
  const start = timeline.start_time || Math.min(now, ...all.flatMap((r) => r.segments.map((s) => s.start)));
  const end = Math.max(timeline.end_time || now, start + 1, ...ends);
  return { start, end, rows: all };
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
