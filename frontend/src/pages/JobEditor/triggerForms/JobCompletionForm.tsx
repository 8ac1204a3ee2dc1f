import { useState } from "react";
import { Plus } from "lucide-react";
import type { JobCompletionTrigger } from "../../../api/types";
import { SelectField } from "../../../components/SelectField";
import { TextField } from "../../../components/TextField";
import { useJobsList } from "../../../queries/useJobsList";
import { MonitoredJobRow } from "./MonitoredJobRow";
import { MAX_MONITORED_JOBS } from "./triggerModes";
import type { TriggerFormProps } from "./types";

const IF_STATUSES = [
  { value: "SUCCESS", label: "Succeeded" },
  { value: "FAILED", label: "Failed" },
  { value: "DONE", label: "Completed (any result)" },
];

/** Watch 1-10 jobs, picked by name (never the job itself). A new pick sends only job_id: Lakeflow
 * is one workspace and takes workspace_id as optional; a workspace_id the job already has is kept. */
export function JobCompletionForm({ value, onChange, jobId }: TriggerFormProps<JobCompletionTrigger> & { jobId: number | null }) {
  const [search, setSearch] = useState("");
  const found = useJobsList({ search, page_size: 8, sort: "name" });
  const watched = value.jobs ?? [];
  const full = watched.length >= MAX_MONITORED_JOBS;
  const candidates = (found.data?.jobs ?? []).filter((job) => job.job_id !== jobId && !watched.some((w) => w.job_id === String(job.job_id)));
  return (
    <>
      <div className="field">
        <span className="field-label">Jobs to watch</span>
        {watched.map((job) => (
          <MonitoredJobRow key={job.job_id} jobId={job.job_id} onRemove={() => onChange({ ...value, jobs: watched.filter((w) => w.job_id !== job.job_id) }, "jobs")} />
        ))}
        {watched.length === 0 && <div className="error" role="alert">Pick at least one job to watch.</div>}
      </div>
      {full ? (
        <div className="subtle">A trigger watches at most {MAX_MONITORED_JOBS} jobs.</div>
      ) : (
        <>
          <TextField label="Find a job to watch" value={search} onChange={setSearch} placeholder="Search by name" />
          <div className="card col" style={{ gap: 0, padding: 4, boxShadow: "none" }} role="group" aria-label="Matching jobs">
            {candidates.map((job) => (
              <button key={job.job_id} type="button" className="menu-item" onClick={() => onChange({ ...value, jobs: [...watched, { job_id: String(job.job_id) }] }, "jobs")}>
                <Plus size={14} />
                <span className="grow">{job.name}</span>
                <span className="subtle">#{job.job_id}</span>
              </button>
            ))}
            {found.data && candidates.length === 0 && <span className="subtle" style={{ padding: "6px 10px" }}>No other jobs match.</span>}
          </div>
        </>
      )}
      <SelectField label="Run when each job has" value={value.if_status ?? "SUCCESS"} options={IF_STATUSES} onChange={(v) => onChange({ ...value, if_status: v as JobCompletionTrigger["if_status"] }, "if_status")} />
    </>
  );
}
