import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { LayoutGrid, Pencil, Play } from "lucide-react";
import type { RunSummary } from "../../api/runViews";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { toast } from "../../components/toastStore";
import { useCancelFromList } from "../../queries/useCancelRun";
import { FALLBACK_POLL_MS, useJobMatrix } from "../../queries/useJobMatrix";
import { useRunNow } from "../../queries/useRunNow";
import { useJobSocket } from "../../realtime/useJobSocket";
import { formatTime } from "../../utils/format";
import { useNow } from "../../utils/useNow";
import { RunsListCard } from "../Runs/RunsListCard";
import { STATUSES, filtersFromSearch, hasFilters } from "../Runs/runFilters";
import { RunMatrix } from "./RunMatrix";
import { isActive } from "./matrixLayout";
import "../Runs/runs.css";
import "./jobRuns.css";
import { LiveIndicator } from "../../components/LiveIndicator";

const LIMITS = [10, 20, 50, 100];

/** "Nov 23, 5:12 PM → Nov 25, 7:12 AM": when the runs in the matrix started (newest first). */
function span(runs: RunSummary[]): string {
  if (runs.length === 0) return "";
  const oldest = formatTime(runs[runs.length - 1].start_time);
  return runs.length === 1 ? oldest : `${oldest} → ${formatTime(runs[0].start_time)}`;
}

/** A job's runs: the tasks × runs matrix with its duration chart, and the filtered runs list;
 * live over the job's websocket. */
export function JobRunsPage() {
  const jobId = Number(useParams().jobId);
  const socket = useJobSocket(jobId);
  const [limit, setLimit] = useState(20);
  const matrix = useJobMatrix(jobId, limit, { connected: socket.connected });
  const anyActive = (matrix.data?.runs ?? []).some(isActive);
  const now = useNow(anyActive);
  const runNow = useRunNow();
  const { onCancel, cancelling } = useCancelFromList();
  const name = matrix.data?.job_name ?? `Job ${jobId}`;
  // A job without runs shows one "No runs yet", not a second one for the list (unless filtered).
  const filtered = hasFilters(filtersFromSearch(useSearchParams()[0]));
  const showList = filtered || (matrix.data?.runs.length ?? 0) > 0;

  const startRun = () =>
    runNow.mutate(
      { jobId },
      {
        onSuccess: (result) => toast(`Started run ${result.run_id}`, "success"),
        onError: (error) => toast(error instanceof Error ? error.message : String(error), "danger"),
      },
    );

  return (
    <div className="page">
      <div className="page-header">
        <div className="grow">
          <div className="subtle"><Link to="/jobs">Jobs</Link> / #{jobId}</div>
          <h1 className="row">
            {name}
            <LiveIndicator
              connected={socket.connected}
              testId="job-live-indicator"
              liveTitle="New runs and state changes arrive live"
              offlineTitle={`Reconnecting; refreshing every ${FALLBACK_POLL_MS / 1000} s`}
            />
          </h1>
        </div>
        <div className="btn-group" role="navigation" aria-label="Job views">
          <Link className="btn" to={`/jobs/${jobId}`}><Pencil size={14} /> Tasks</Link>
          <span className="btn job-view-current" aria-current="page"><LayoutGrid size={14} /> Runs</span>
        </div>
        <Button variant="primary" icon={<Play size={15} />} onClick={startRun} disabled={runNow.isPending}>Run now</Button>
      </div>
      <ErrorAlert error={matrix.error} />
      <div className="card runs-card">
        <div className="runs-card-header">
          <h2>Recent runs</h2>
          <span className="subtle grow" data-testid="matrix-span">{span(matrix.data?.runs ?? [])}</span>
          <label className="row subtle">
            Show last
            <select className="select runs-filter" aria-label="Runs in the matrix" value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
              {LIMITS.map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </label>
        </div>
        {matrix.isPending ? (
          <div className="empty"><Spinner /></div>
        ) : matrix.data && matrix.data.runs.length > 0 ? (
          <RunMatrix matrix={matrix.data} now={now} />
        ) : matrix.data ? (
          <EmptyState icon={<LayoutGrid size={28} />} title="No runs yet">
            Press <strong>Run now</strong> to start the first one.
          </EmptyState>
        ) : null}
      </div>
      {showList && (
        <RunsListCard
          title="All runs of this job"
          statuses={STATUSES}
          jobId={jobId}
          showJob={false}
          poll={socket.connected ? false : FALLBACK_POLL_MS}
          onCancel={onCancel}
          cancelling={cancelling}
          testId="job-runs"
        />
      )}
    </div>
  );
}
