import { Link } from "react-router-dom";
import { Play } from "lucide-react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { StateBadge } from "../../components/StateBadge";
import { useRuns } from "../../queries/useRuns";
import { formatDuration, formatTime } from "../../utils/format";

export function RunsPage() {
  const runs = useRuns({ limit: 25 });
  return (
    <div className="page">
      <div className="page-header"><h1 className="grow">Job runs</h1></div>
      <ErrorAlert error={runs.error} />
      <div className="card">
        {runs.isPending ? (
          <div className="empty"><Spinner /></div>
        ) : (runs.data ?? []).length === 0 ? (
          <EmptyState icon={<Play size={28} />} title="No runs yet" />
        ) : (
          <table className="table">
            <thead><tr><th>Run</th><th>Job</th><th>State</th><th>Trigger</th><th>Started</th><th>Duration</th></tr></thead>
            <tbody>
              {(runs.data ?? []).map((run) => (
                <tr key={run.run_id}>
                  <td><Link to={`/runs/${run.run_id}`}>{run.run_id}</Link></td>
                  <td>{run.job_id ? <Link to={`/jobs/${run.job_id}`}>{run.run_name ?? run.job_id}</Link> : run.run_name}</td>
                  <td><StateBadge state={run.state?.result_state ?? run.state?.life_cycle_state} /></td>
                  <td className="subtle">{run.trigger}</td>
                  <td>{formatTime(run.start_time)}</td>
                  <td>{formatDuration(run.end_time && run.start_time ? run.end_time - run.start_time : 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
