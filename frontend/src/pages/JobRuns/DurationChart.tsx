import { useNavigate } from "react-router-dom";
import { barHeight, formatAxis, type DurationScale } from "./durationChart";
import type { MatrixColumn } from "./matrixLayout";

interface DurationChartProps {
  columns: MatrixColumn[];
  scale: DurationScale;
  /** Width of one run's column and the chart's height, px. */
  columnWidth: number;
  height: number;
}

/** Run durations over time as bars, one per run (oldest left), coloured by the run's result,
 * aligned with the matrix columns below. Hover: tooltip; click: the run. Plain SVG, no library. */
export function DurationChart({ columns, scale, columnWidth, height }: DurationChartProps) {
  const navigate = useNavigate();
  const width = columns.length * columnWidth;
  const barWidth = Math.max(4, columnWidth - 10);
  return (
    <svg className="duration-chart" width={width} height={height} role="img" aria-label="Run durations">
      {scale.ticks.map((tick) => {
        const y = height - (tick / scale.max) * height;
        return <line key={tick} className="grid" x1={0} x2={width} y1={y + 0.5} y2={y + 0.5} />;
      })}
      {columns.map((column, index) => {
        const h = barHeight(column.duration, scale.max, height);
        const open = () => navigate(`/runs/${column.run.run_id}`);
        return (
          <g
            key={column.run.run_id}
            className={`bar tone-${column.tone}${column.active ? " active" : ""}`}
            data-testid={`duration-bar-${column.run.run_id}`}
            data-state={column.state}
            data-duration={column.duration}
            role="link"
            tabIndex={0}
            aria-label={column.title}
            onClick={open}
            onKeyDown={(event) => event.key === "Enter" && open()}
          >
            <title>{column.title}</title>
            <rect className="hit" x={index * columnWidth} y={0} width={columnWidth} height={height} />
            <rect x={index * columnWidth + (columnWidth - barWidth) / 2} y={height - h} width={barWidth} height={h} rx={2} />
          </g>
        );
      })}
    </svg>
  );
}

/** The chart's y-axis labels, for the matrix's first column. */
export function DurationAxis({ scale, height }: { scale: DurationScale; height: number }) {
  return (
    <div className="duration-axis" style={{ height }}>
      {scale.ticks.map((tick) => (
        <span key={tick} style={{ top: height - (tick / scale.max) * height }}>{formatAxis(tick)}</span>
      ))}
    </div>
  );
}
