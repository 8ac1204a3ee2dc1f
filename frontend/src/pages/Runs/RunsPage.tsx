import { Activity } from "lucide-react";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { useCancelFromList } from "../../queries/useCancelRun";
import { useUiRuns } from "../../queries/useUiRuns";
import { useNow } from "../../utils/useNow";
import { RunsListCard } from "./RunsListCard";
import { RunsTable } from "./RunsTable";
import { FINISHED_STATUSES } from "./runFilters";
import "./runs.css";

/** Polling, not sockets: there is no all-jobs socket (events go to per-job groups, and one-time
 * runs have none), and one indexed /api/ui/runs read every few seconds is cheaper than a socket
 * per visible job. Active runs change fast, finished ones only grow. */
const ACTIVE_POLL_MS = 3000;
const FINISHED_POLL_MS = 5000;
const ACTIVE_QUERY = { active: 1, limit: 100 };

/** Every run the user can see: what is running now, then recent finished runs with filters. */
export function RunsPage() {
  const active = useUiRuns(ACTIVE_QUERY, { poll: ACTIVE_POLL_MS });
  const activeRuns = active.data?.runs ?? [];
  const now = useNow(activeRuns.length > 0);
  const { onCancel, cancelling } = useCancelFromList();
  return (
    <div className="page">
      <div className="page-header">
        <div className="grow">
          <h1>Job runs</h1>
          <p className="muted">Runs of every job you can see, newest first.</p>
        </div>
      </div>
      <div className="card runs-card" data-testid="active-runs">
        <div className="runs-card-header">
          <h2 className="grow row">
            Running now
            {activeRuns.length > 0 && <span className="badge accent" data-testid="active-count">{activeRuns.length}{active.data?.has_more ? "+" : ""}</span>}
          </h2>
          <span className="subtle">refreshes every {ACTIVE_POLL_MS / 1000} s</span>
        </div>
        <ErrorAlert error={active.error} />
        {active.isPending ? (
          <div className="empty"><Spinner /></div>
        ) : activeRuns.length === 0 ? (
          <div className="runs-idle"><Activity size={16} /> Nothing is running.</div>
        ) : (
          <RunsTable runs={activeRuns} now={now} onCancel={onCancel} cancelling={cancelling} testId="active-runs-table" />
        )}
      </div>
      <RunsListCard
        title="Finished runs"
        statuses={FINISHED_STATUSES}
        completed
        showJob
        poll={FINISHED_POLL_MS}
        testId="finished-runs"
      />
    </div>
  );
}
