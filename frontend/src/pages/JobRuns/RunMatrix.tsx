import { Link } from "react-router-dom";
import type { JobMatrix } from "../../api/runViews";
import { DurationAxis, DurationChart } from "./DurationChart";
import { durationScale } from "./durationChart";
import { layoutMatrix } from "./matrixLayout";

const COLUMN_WIDTH = 28;
const LEGEND = [
  { tone: "success", label: "Succeeded" },
  { tone: "danger", label: "Failed" },
  { tone: "warning", label: "Upstream failed / retrying" },
  { tone: "running", label: "Running" },
  { tone: "waiting", label: "Waiting" },
  { tone: "muted", label: "Canceled / skipped" },
];
const CHART_HEIGHT = 88;

/** Tasks × recent runs: a duration bar per run on top, then one row of coloured cells per task.
 * A cell's tooltip gives its state and duration; clicking opens that task on the run page. */
export function RunMatrix({ matrix, now }: { matrix: JobMatrix; now: number }) {
  const { columns, rows } = layoutMatrix(matrix, now);
  const scale = durationScale(columns.map((c) => c.duration));
  const template = `minmax(150px, 240px) repeat(${columns.length}, ${COLUMN_WIDTH}px)`;
  return (
    <div className="matrix-scroll">
      <div className="matrix" style={{ gridTemplateColumns: template }} data-testid="run-matrix">
        <div className="matrix-label">
          <span className="subtle">Duration</span>
          <DurationAxis scale={scale} height={CHART_HEIGHT} />
        </div>
        <div className="matrix-chart" style={{ gridColumn: `2 / span ${columns.length}` }}>
          <DurationChart columns={columns} scale={scale} columnWidth={COLUMN_WIDTH} height={CHART_HEIGHT} />
        </div>
        <div className="matrix-label matrix-runs-label subtle">Run</div>
        {columns.map((column) => (
          <Link
            key={column.run.run_id}
            className={`matrix-run tone-${column.tone}`}
            to={`/runs/${column.run.run_id}`}
            title={column.title}
            data-testid={`matrix-run-${column.run.run_id}`}
          >
            {column.run.number_in_job ?? column.run.run_id}
          </Link>
        ))}
        {rows.map((row) => (
          <div key={row.taskKey} className="matrix-row">
            <div className="matrix-label matrix-task mono" title={row.taskKey}>{row.taskKey}</div>
            {row.cells.map((cell, index) => {
              const runId = columns[index].run.run_id;
              return cell ? (
                <Link
                  key={runId}
                  className={`matrix-cell tone-${cell.tone}`}
                  to={cell.href}
                  title={cell.title}
                  aria-label={cell.title}
                  data-testid={`matrix-cell-${row.taskKey}-${runId}`}
                  data-state={cell.state}
                />
              ) : (
                <span key={runId} className="matrix-cell none" title={`${row.taskKey} was not part of this run`} />
              );
            })}
          </div>
        ))}
      </div>
      <div className="matrix-legend" aria-label="Colours">
        {LEGEND.map((item) => (
          <span key={item.tone} className="row">
            <span className={`matrix-cell small tone-${item.tone}`} /> {item.label}
          </span>
        ))}
      </div>
    </div>
  );
}
