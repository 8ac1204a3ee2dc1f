import { useMemo, useState } from "react";
import { ChevronLeft, ChevronRight, History } from "lucide-react";
import type { RunSummary } from "../../api/runViews";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { useUiRuns } from "../../queries/useUiRuns";
import { useNow } from "../../utils/useNow";
import { useSearchPatch } from "../../utils/useSearchPatch";
import { RunFiltersBar } from "./RunFiltersBar";
import { RunsTable } from "./RunsTable";
import { filtersFromSearch, filtersToSearch, hasFilters, runsQuery, type RunFilters } from "./runFilters";
import { isActive } from "../JobRuns/matrixLayout";

interface RunsListCardProps {
  title: string;
  statuses: { value: string; label: string }[];
  jobId?: number;
  completed?: boolean;
  showJob?: boolean;
  /** Refetch interval in ms, or off (live through a socket instead). */
  poll: number | false;
  onCancel?: (run: RunSummary) => void;
  cancelling?: number | null;
  testId?: string;
}

/** A filtered, paged runs list (/api/ui/runs). The filters live in the page URL, so a filtered
 * view can be shared and survives a reload; the page token resets when a filter changes. */
export function RunsListCard({ title, statuses, jobId, completed, showJob, poll, onCancel, cancelling, testId }: RunsListCardProps) {
  const [search, patchSearch] = useSearchPatch();
  const filters = filtersFromSearch(search);
  const filterKey = `${filters.status}|${filters.trigger}|${filters.range}`;
  // The pages seen so far under these filters: tokens[i] opens page i (page 0 has none).
  const [paging, setPaging] = useState<{ key: string; tokens: (string | undefined)[] }>({ key: filterKey, tokens: [undefined] });
  const tokens = paging.key === filterKey ? paging.tokens : [undefined];
  const pageToken = tokens[tokens.length - 1];
  // `now` for the range start is taken when the filters or page change, not on every render.
  const query = useMemo(
    () => runsQuery(filters, { now: Date.now(), jobId, completed, pageToken }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filterKey, jobId, completed, pageToken],
  );
  const runs = useUiRuns(query, { poll });
  const rows = runs.data?.runs ?? [];
  const now = useNow(rows.some(isActive));

  // On top of every change already asked for: "Clear" followed at once by another filter must not
  // bring the cleared ones back.
  const change = (patch: Partial<RunFilters>) =>
    patchSearch((current) => filtersToSearch({ ...filtersFromSearch(current), ...patch }, current));
  const go = (delta: 1 | -1) => {
    if (delta === 1 && runs.data?.next_page_token) setPaging({ key: filterKey, tokens: [...tokens, runs.data.next_page_token] });
    if (delta === -1 && tokens.length > 1) setPaging({ key: filterKey, tokens: tokens.slice(0, -1) });
  };

  return (
    <div className="card runs-card" data-testid={testId}>
      <div className="runs-card-header">
        <h2 className="grow">{title}</h2>
        <RunFiltersBar filters={filters} onChange={change} statuses={statuses} />
      </div>
      <ErrorAlert error={runs.error} />
      {runs.isPending ? (
        <div className="empty"><Spinner /></div>
      ) : rows.length === 0 ? (
        <EmptyState icon={<History size={28} />} title={hasFilters(filters) ? "No runs match these filters" : "No runs yet"} />
      ) : (
        <RunsTable runs={rows} now={now} showJob={showJob} onCancel={onCancel} cancelling={cancelling} testId={testId && `${testId}-table`} />
      )}
      {(tokens.length > 1 || runs.data?.has_more) && (
        <div className="pagination">
          <span className="subtle grow">Page {tokens.length}{runs.isFetching ? " · loading…" : ""}</span>
          <Button size="sm" icon={<ChevronLeft size={14} />} disabled={tokens.length <= 1} onClick={() => go(-1)}>Newer</Button>
          <Button size="sm" disabled={!runs.data?.has_more} onClick={() => go(1)}>Older <ChevronRight size={14} /></Button>
        </div>
      )}
    </div>
  );
}
