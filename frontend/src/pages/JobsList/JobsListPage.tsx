import { useEffect, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { ArrowDown, ArrowUp, ChevronLeft, ChevronRight, PauseCircle, Play, Plus, Search, Workflow } from "lucide-react";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { RunDots } from "../../components/RunDots";
import { Spinner } from "../../components/Spinner";
import { toast } from "../../components/toastStore";
import { useJobsList } from "../../queries/useJobsList";
import { useMe } from "../../queries/useMe";
import { useRunNow } from "../../queries/useRunNow";
import { formatTime } from "../../utils/format";
import { useSearchPatch } from "../../utils/useSearchPatch";

const PAGE_SIZE = 25;
type SortKey = "name" | "created" | "owner";

/** Jobs: search, owner and tag filters, sort, pages; state lives in the URL so it survives reloads. */
export function JobsListPage() {
  const [params, patchParams] = useSearchPatch();
  const search = params.get("search") ?? "";
  const owner = params.get("owner") ?? "";
  const tag = params.get("tag") ?? "";
  const sort = params.get("sort") ?? "-created";
  const page = Number(params.get("page") ?? "1") || 1;
  const [searchText, setSearchText] = useState(search);
  const me = useMe();
  const navigate = useNavigate();
  const runNow = useRunNow();

  // On top of every change already asked for: a debounced search must not undo a filter set in
  // the meantime.
  const update = (patch: Record<string, string>) =>
    patchParams((next) => {
      for (const [key, value] of Object.entries(patch)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      if (!("page" in patch)) next.delete("page");
      return next;
    });

  // Debounced search: one request after typing pauses, not one per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => searchText !== search && update({ search: searchText }), 250);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [searchText]);

  const list = useJobsList({ search, owner, tag, sort, page, page_size: PAGE_SIZE });
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  const sortHeader = (key: SortKey, label: string) => {
    const active = sort === key || sort === `-${key}`;
    const descending = sort === `-${key}`;
    return (
      <th aria-sort={active ? (descending ? "descending" : "ascending") : "none"}>
        <button onClick={() => update({ sort: active && !descending ? `-${key}` : key })}>
          {label}
          {active && (descending ? <ArrowDown size={12} /> : <ArrowUp size={12} />)}
        </button>
      </th>
    );
  };

  return (
    <div className="page">
      <div className="page-header">
        <div className="grow">
          <h1>Jobs</h1>
          <p className="muted">{data ? `${data.total.toLocaleString()} job${data.total === 1 ? "" : "s"}` : " "}</p>
        </div>
        <Button variant="primary" icon={<Plus size={16} />} onClick={() => navigate("/jobs/new")}>
          Create job
        </Button>
      </div>
      <div className="row-wrap" style={{ marginBottom: 12 }}>
        <div className="input-with-icon" style={{ width: 320 }}>
          <Search size={15} />
          <input className="input" type="search" placeholder="Search jobs by name" aria-label="Search jobs by name" value={searchText} onChange={(e) => setSearchText(e.target.value)} />
        </div>
        <select className="select" style={{ width: 170 }} aria-label="Filter by owner" value={owner === me.data?.user_name ? "me" : owner ? "other" : ""} onChange={(e) => update({ owner: e.target.value === "me" ? (me.data?.user_name ?? "") : "" })}>
          <option value="">All owners</option>
          <option value="me">Owned by me</option>
          {owner && owner !== me.data?.user_name && <option value="other">Owner: {owner}</option>}
        </select>
        <input className="input" style={{ width: 200 }} placeholder="Tag (key or key:value)" aria-label="Filter by tag" defaultValue={tag} onKeyDown={(e) => e.key === "Enter" && update({ tag: (e.target as HTMLInputElement).value })} onBlur={(e) => e.target.value !== tag && update({ tag: e.target.value })} />
        {list.isFetching && <Spinner />}
      </div>
      <ErrorAlert error={list.error} />
      <div className="card" style={{ overflow: "hidden" }}>
        {list.isPending ? (
          <div className="empty"><Spinner /></div>
        ) : !data || data.jobs.length === 0 ? (
          <EmptyState icon={<Workflow size={30} />} title={search || owner || tag ? "No jobs match" : "No jobs yet"}>
            {!(search || owner || tag) && <Link to="/jobs/new">Create your first job</Link>}
          </EmptyState>
        ) : (
          <>
            <table className="table" data-testid="jobs-table">
              <thead>
                <tr>
                  {sortHeader("name", "Name")}
                  {sortHeader("owner", "Owner")}
                  <th>Schedule</th>
                  <th>Recent runs</th>
                  <th>Tags</th>
                  {sortHeader("created", "Created")}
                  <th aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {data.jobs.map((job) => (
                  <tr key={job.job_id}>
                    <td className="name-cell">
                      <Link to={`/jobs/${job.job_id}`}>{job.name}</Link>
                      <div className="subtle">#{job.job_id} · {job.task_count} task{job.task_count === 1 ? "" : "s"}</div>
                    </td>
                    <td>
                      <button className="btn ghost sm" onClick={() => update({ owner: job.owner })} title={`Show jobs owned by ${job.owner}`}>{job.owner}</button>
                    </td>
                    <td>
                      {job.schedule_description ? (
                        <span className="row" style={{ gap: 5 }}>
                          {job.paused && <PauseCircle size={14} aria-label="Paused" />}
                          <span className={job.paused ? "subtle" : undefined}>{job.schedule_description}</span>
                        </span>
                      ) : (
                        <span className="subtle">Manual</span>
                      )}
                    </td>
                    <td>
                      <span className="row" style={{ gap: 10 }}>
                        <RunDots runs={job.recent_runs} />
                        {job.recent_runs.length > 0 && (
                          <Link className="subtle" to={`/jobs/${job.job_id}/runs`} aria-label={`Runs of ${job.name}`}>All runs</Link>
                        )}
                      </span>
                    </td>
                    <td>
                      <span className="row-wrap" style={{ gap: 4 }}>
                        {Object.entries(job.tags ?? {}).slice(0, 4).map(([key, value]) => (
                          <button key={key} className="badge tag" style={{ border: 0, cursor: "pointer" }} onClick={() => update({ tag: value ? `${key}:${value}` : key })}>
                            {value ? `${key}: ${value}` : key}
                          </button>
                        ))}
                      </span>
                    </td>
                    <td className="subtle">{formatTime(job.created_time)}</td>
                    <td style={{ textAlign: "right" }}>
                      <Button
                        size="sm"
                        icon={<Play size={13} />}
                        label={`Run ${job.name} now`}
                        disabled={runNow.isPending}
                        onClick={() =>
                          runNow.mutate(
                            { jobId: job.job_id },
                            { onSuccess: ({ run_id }) => toast(`Started run ${run_id} of ${job.name}`, "success"), onError: (error) => toast(error.message, "danger") },
                          )
                        }
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="pagination">
              <span className="subtle grow">
                {(page - 1) * PAGE_SIZE + 1}–{Math.min(page * PAGE_SIZE, data.total)} of {data.total.toLocaleString()}
              </span>
              <Button size="sm" icon={<ChevronLeft size={14} />} label="Previous page" disabled={page <= 1} onClick={() => update({ page: String(page - 1) })} />
              <span className="subtle">Page {page} of {pages}</span>
              <Button size="sm" icon={<ChevronRight size={14} />} label="Next page" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })} />
            </div>
          </>
        )}
      </div>
    </div>
  );
}
