import type { TaskBody } from "../../api/types";
import { SelectField } from "../../components/SelectField";
import { useClusters } from "../../queries/useClusters";
import { useEditorStore } from "../../editor/store/editorStore";


/** Where a task runs: serverless (no compute field), a job cluster, or an all-purpose cluster. */
export function ComputeSelect({ task, onChange, error }: { task: TaskBody; onChange: (task: TaskBody) => void; error?: string }) {
  const jobClusters = useEditorStore((state) => state.job.job_clusters) ?? [];
  const clusters = useClusters();
  const value = task.job_cluster_key ? `job:${task.job_cluster_key}` : task.existing_cluster_id ? `cluster:${task.existing_cluster_id}` : task.new_cluster ? "new" : "serverless";
  const options = [
    { value: "serverless", label: "Serverless" },
    ...jobClusters.map((cluster) => ({ value: `job:${cluster.job_cluster_key}`, label: `Job cluster: ${cluster.job_cluster_key}` })),
    ...(clusters.data ?? []).map((cluster) => ({ value: `cluster:${cluster.cluster_id}`, label: `All-purpose: ${cluster.cluster_name}` })),
  ];
  if (!options.some((option) => option.value === value)) options.push({ value, label: value.replace(/^(job|cluster):/, "") });
  const change = (next: string) => {
    const { job_cluster_key: _a, existing_cluster_id: _b, new_cluster: _c, ...rest } = task;
    if (next.startsWith("job:")) onChange({ ...rest, job_cluster_key: next.slice(4) });
    else if (next.startsWith("cluster:")) onChange({ ...rest, existing_cluster_id: next.slice(8) });
    else if (next === "new") onChange({ ...rest, new_cluster: task.new_cluster ?? { num_workers: 1 } });
    else onChange(rest);
  };
  return <SelectField label="Compute" value={value} options={options} onChange={change} error={error} hint="Define job clusters in the job's Compute tab." />;
}
