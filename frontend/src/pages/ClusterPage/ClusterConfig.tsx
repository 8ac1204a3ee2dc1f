import type { ReactNode } from "react";
import type { ClusterDetails } from "../../queries/clusterApi";
import { describeAutotermination, describeSize } from "../Compute/clusterForm";
import { formatTime } from "../../utils/format";

function Chips({ record }: { record: Record<string, string> | undefined }) {
  const entries = Object.entries(record ?? {});
  if (!entries.length) return <span className="subtle">none</span>;
  return (
    <span className="chips">
      {entries.map(([key, value]) => (
        <span key={key} className="badge tag">
          {key}={value}
        </span>
      ))}
    </span>
  );
}

/** The cluster's spec and its live facts (workers up, times). */
export function ClusterConfig({ cluster }: { cluster: ClusterDetails }) {
  const spec = cluster.spec ?? cluster;
  const rows: [string, ReactNode][] = [
    ["Size", describeSize(spec)],
    ["Workers up", String(cluster.executors?.length ?? 0)],
    ["Runtime", <span className="mono">{spec.spark_version || "—"}</span>],
    ["Node type", <span className="mono">{cluster.node_type_id || "—"}</span>],
    ["Auto-terminate", describeAutotermination(spec.autotermination_minutes)],
    ["Source", cluster.cluster_source ?? "—"],
    ["Owner", cluster.creator_user_name || "—"],
    ["Started", formatTime(cluster.start_time)],
    ["Last activity", formatTime(cluster.last_activity_time)],
    ["Terminated", formatTime(cluster.terminated_time)],
    ["Environment variables", <Chips record={spec.spark_env_vars} />],
    ["Tags", <Chips record={spec.custom_tags} />],
  ];
  return (
    <div className="card card-body">
      <dl className="config-grid" data-testid="cluster-config">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
