import { Plus, Trash2 } from "lucide-react";
import type { JobCluster } from "../../api/types";
import { Button } from "../../components/Button";
import { KeyValueEditor, fromPairs, toPairs } from "../../components/KeyValueEditor";
import { TextField } from "../../components/TextField";
import { uniqueTaskKey } from "../../editor/graph";

/** Job clusters: created for a run, shared by the tasks that name their key. */
export function JobClustersEditor({ clusters, onChange }: { clusters: JobCluster[]; onChange: (clusters: JobCluster[]) => void }) {
  const update = (index: number, cluster: JobCluster) => onChange(clusters.map((c, i) => (i === index ? cluster : c)));
  return (
    <div className="col">
      {clusters.length === 0 && <div className="subtle">No job clusters. Tasks without compute run on serverless.</div>}
      {clusters.map((cluster, index) => {
        const autoscale = cluster.new_cluster.autoscale;
        return (
          <div key={index} className="card card-body col" style={{ boxShadow: "none" }}>
            <div className="row">
              <div className="grow">
                <TextField label="Cluster key" value={cluster.job_cluster_key} onChange={(v) => update(index, { ...cluster, job_cluster_key: v })} error={cluster.job_cluster_key ? null : "A key is required."} />
              </div>
              <Button variant="ghost" size="sm" icon={<Trash2 size={14} />} label={`Remove job cluster ${cluster.job_cluster_key}`} onClick={() => onChange(clusters.filter((_, i) => i !== index))} />
            </div>
            <div className="grid-2">
              <TextField label={autoscale ? "Min workers" : "Workers"} type="number" min={0} value={autoscale ? autoscale.min_workers : (cluster.new_cluster.num_workers ?? 1)} onChange={(v) => update(index, { ...cluster, new_cluster: autoscale ? { ...cluster.new_cluster, autoscale: { ...autoscale, min_workers: Number(v) } } : { ...cluster.new_cluster, num_workers: Number(v) } })} />
              {autoscale ? (
                <TextField label="Max workers" type="number" min={1} value={autoscale.max_workers} onChange={(v) => update(index, { ...cluster, new_cluster: { ...cluster.new_cluster, autoscale: { ...autoscale, max_workers: Number(v) } } })} />
              ) : (
                <TextField label="Node type" value={cluster.new_cluster.node_type_id ?? ""} onChange={(v) => update(index, { ...cluster, new_cluster: { ...cluster.new_cluster, node_type_id: v || undefined } })} placeholder="local" />
              )}
            </div>
            <KeyValueEditor label="Environment variables" pairs={toPairs(cluster.new_cluster.spark_env_vars)} onChange={(pairs) => update(index, { ...cluster, new_cluster: { ...cluster.new_cluster, spark_env_vars: Object.keys(fromPairs(pairs)).length ? fromPairs(pairs) : undefined } })} addLabel="Add variable" />
          </div>
        );
      })}
      <div>
        <Button size="sm" icon={<Plus size={14} />} onClick={() => onChange([...clusters, { job_cluster_key: uniqueTaskKey("job_cluster", clusters.map((c) => c.job_cluster_key)), new_cluster: { num_workers: 1 } }])}>
          Add job cluster
        </Button>
      </div>
    </div>
  );
}
