import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { formatDuration, formatTime } from "../../utils/format";
import { placement, ticks, timelineChart, type Segment } from "./timeline";
import type { RunTimeline as Timeline } from "./runTypes";
import { formatElapsed, stateLabel } from "./taskStatus";

const KIND_LABEL: Record<Segment["kind"], string> = { retry_wait: "Waiting to retry", queued: "Queued", running: "Ran" };

/** The Gantt chart of the run: a row per task, its attempts' queued / running segments (and the
 * wait before each retry) on one time axis from the run's trigger to its end (or now). */
export function RunTimeline({
  timeline,
  error,
  now,
  selected,
  onSelect,
}: {
  timeline?: Timeline;
  error: unknown;
  now: number;
  selected?: string | null;
  onSelect: (taskKey: string) => void;
}) {
  if (!timeline) return error ? <ErrorAlert error={error} /> : <Spinner />;
  const chart = timelineChart(timeline, now);
  return (
    <div className="gantt" data-testid="run-timeline">
      <div className="gantt-row gantt-axis">
        <div className="gantt-label subtle">{formatTime(chart.start)}</div>
        <div className="gantt-track">
          {ticks(chart).map((offset) => (
            <span key={offset} className="gantt-tick" style={{ left: `${(offset / (chart.end - chart.start)) * 100}%` }}>
              +{formatDuration(offset)}
            </span>
          ))}
        </div>
      </div>
      {chart.rows.map((row) => (
        <div
          key={row.id}
          className={`gantt-row${row.iteration ? " iteration" : ""}${selected === row.taskKey && !row.iteration ? " selected" : ""}`}
          data-testid={`gantt-row-${row.id}`}
          data-state={row.state}
          data-attempts={row.attempts}
        >
          <button type="button" className="gantt-label link-button mono" onClick={() => onSelect(row.taskKey)}>
            {row.iteration ? `↳ iteration ${row.iteration}` : row.taskKey}
            {row.attempts > 1 && <span className="subtle"> ×{row.attempts}</span>}
            {row.more ? <span className="subtle"> (+{row.more} more)</span> : null}
          </button>
          <div className="gantt-track">
            {ticks(chart).map((offset) => (
              <span key={offset} className="gantt-grid" style={{ left: `${(offset / (chart.end - chart.start)) * 100}%` }} />
            ))}
            {row.segments.length === 0 && <span className="gantt-none subtle">{stateLabel(row.state)}</span>}
            {row.segments.map((segment, index) => {
              const { left, width } = placement(segment, chart);
              const title = `${KIND_LABEL[segment.kind]} (attempt ${segment.attempt}): ${formatElapsed(segment.end - segment.start)}${segment.kind === "running" ? ` · ${stateLabel(segment.state)}` : ""}`;
              return (
                <span
                  key={index}
                  className={`gantt-seg ${segment.kind} tone-${segment.tone}${segment.open ? " open" : ""}`}
                  style={{ left: `${left}%`, width: `${width}%` }}
                  title={title}
                  data-testid={`gantt-seg-${row.id}-${segment.attempt}-${segment.kind}`}
                  onClick={() => onSelect(row.taskKey)}
                />
              );
            })}
          </div>
        </div>
      ))}
      <div className="gantt-legend subtle">
        <span><i className="gantt-seg queued" /> queued</span>
        <span><i className="gantt-seg retry_wait tone-warning" /> waiting to retry</span>
        <span><i className="gantt-seg running tone-running" /> running</span>
        <span><i className="gantt-seg running tone-success" /> succeeded</span>
        <span><i className="gantt-seg running tone-danger" /> failed</span>
      </div>
    </div>
  );
}
