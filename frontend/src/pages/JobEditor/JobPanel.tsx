import { useState } from "react";
import type { JobSettings } from "../../api/types";
import { KeyValueEditor, fromPairs, toPairs } from "../../components/KeyValueEditor";
import { Switch } from "../../components/Switch";
import { Tabs } from "../../components/Tabs";
import { TextArea } from "../../components/TextArea";
import { TextField } from "../../components/TextField";
import { useEditorStore } from "../../editor/store/editorStore";
import { setIn } from "../../utils/path";
import { JobClustersEditor } from "./JobClustersEditor";
import { JobPermissions } from "./JobPermissions";
import { NotificationsEditor } from "./NotificationsEditor";
import { ParametersEditor } from "./ParametersEditor";
import { ScheduleEditor } from "./ScheduleEditor";

type Tab = "general" | "schedule" | "parameters" | "compute" | "notifications" | "permissions";

/** Job-level settings, shown when no task is selected. */
export function JobPanel({ jobId, initialTab = "general" }: { jobId: number | null; initialTab?: Tab }) {
  const [tab, setTab] = useState<Tab>(initialTab);
  const job = useEditorStore((state) => state.job);
  const update = useEditorStore((state) => state.updateJob);
  const set = (path: string, value: unknown) => update((current) => setIn(current, path, value), path);
  const tabs: { id: Tab; label: string }[] = [
    { id: "general", label: "Job" },
    { id: "schedule", label: "Schedule" },
    { id: "parameters", label: "Parameters" },
    { id: "compute", label: "Compute" },
    { id: "notifications", label: "Alerts" },
    ...(jobId !== null ? [{ id: "permissions" as Tab, label: "Access" }] : []),
  ];
  return (
    <aside className="side-panel" aria-label="Job settings">
      <div className="panel-header" style={{ padding: 0, display: "block" }}>
        <Tabs tabs={tabs} value={tab} onChange={setTab} label="Job settings" />
      </div>
      <div className="panel-body">
        {tab === "general" && <GeneralTab job={job} set={set} />}
        {tab === "schedule" && <ScheduleEditor job={job} jobId={jobId} onChange={update} />}
        {tab === "parameters" && <ParametersEditor parameters={job.parameters ?? []} onChange={(v) => set("parameters", v)} />}
        {tab === "compute" && <JobClustersEditor clusters={job.job_clusters ?? []} onChange={(v) => set("job_clusters", v.length ? v : undefined)} />}
        {tab === "notifications" && <NotificationsEditor value={job.email_notifications} onChange={(v) => set("email_notifications", v)} />}
        {tab === "permissions" && jobId !== null && <JobPermissions jobId={jobId} />}
      </div>
    </aside>
  );
}

function GeneralTab({ job, set }: { job: JobSettings; set: (path: string, value: unknown) => void }) {
  return (
    <>
      <TextField label="Name" value={job.name} onChange={(v) => set("name", v)} error={job.name?.trim() ? null : "A job needs a name."} />
      <TextArea label="Description" value={job.description} onChange={(v) => set("description", v)} rows={3} />
      <KeyValueEditor label="Tags" pairs={toPairs(job.tags)} onChange={(pairs) => set("tags", Object.keys(fromPairs(pairs)).length ? fromPairs(pairs) : undefined)} addLabel="Add tag" />
      <div className="grid-2">
        <TextField label="Max concurrent runs" type="number" min={1} value={job.max_concurrent_runs ?? 1} onChange={(v) => set("max_concurrent_runs", Math.max(1, Number(v) || 1))} />
        <TextField label="Timeout (s)" type="number" min={0} value={job.timeout_seconds ?? 0} onChange={(v) => set("timeout_seconds", Number(v) > 0 ? Number(v) : undefined)} hint="0 means no timeout" />
      </div>
      <Switch label="Queue runs when the concurrency limit is reached" checked={job.queue?.enabled ?? true} onChange={(v) => set("queue", { enabled: v })} />
    </>
  );
}
