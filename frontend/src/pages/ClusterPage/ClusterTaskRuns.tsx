import { Play } from "lucide-react";
import { Link } from "react-router-dom";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { StateBadge } from "../../components/StateBadge";
import { useClusterTaskRuns } from "../../queries/useClusterTaskRuns";
import { formatDuration, formatTime } from "../../utils/format";

/** Task runs placed on the cluster: the ones running or queued first, then recent ones. */
export function ClusterTaskRuns({ clusterId }: { clusterId: string }) {
  const taskRuns = useClusterTaskRuns(clusterId, true);
  const rows = taskRuns.data ?? [];
  return (
    <div className="card">
      <ErrorAlert error={taskRuns.error} />
      {taskRuns.isPending ? (
        <div className="empty"><Spinner /></div>
      ) : rows.length === 0 ? (
        <EmptyState icon={<Play size={28} />} title="No task runs on this cluster" />
      ) : (
        <table className="table" aria-label="Task runs">
          <thead>
            <tr>
              <th>Task</th>
              <th>Run</th>
              <th>State</th>
              <th>Started</th>
              <th>Duration</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.run_id}>
                <td className="mono">
                  {row.task_key}
                  {row.attempt_number > 0 && <span className="subtle"> · retry {row.attempt_number}</span>}
                </td>
                <td>
                  <Link to={`/runs/${row.job_run_id}`}>{row.run_name}</Link>
                  <div className="subtle">run {row.job_run_id}</div>
                </td>
                <td>
                  <StateBadge state={row.state} />
                </td>
                <td>{formatTime(row.start_time)}</td>
                <td>{row.start_time ? formatDuration((row.end_time ?? Date.now()) - row.start_time) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
