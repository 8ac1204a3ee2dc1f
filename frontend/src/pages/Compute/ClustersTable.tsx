import { Link } from "react-router-dom";
import type { ClusterDetails, ClusterLevel } from "../../queries/clusterApi";
import { ClusterActionButtons } from "./ClusterActionButtons";
import { ComputeStateBadge } from "./ComputeStateBadge";
import { describeAutotermination, describeSize } from "./clusterForm";

const SOURCE: Record<string, string> = { UI: "UI", API: "API", JOB: "Job" };

export function ClustersTable({ clusters, levels }: { clusters: ClusterDetails[]; levels: Record<string, ClusterLevel> }) {
  return (
    <table className="table compute-table" aria-label="Clusters">
      <thead>
        <tr>
          <th>Name</th>
          <th>State</th>
          <th>Size</th>
          <th>Owner</th>
          <th>Auto-terminate</th>
          <th>Source</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {clusters.map((cluster) => (
          <tr key={cluster.cluster_id} data-cluster-id={cluster.cluster_id}>
            <td className="name-cell">
              <Link to={`/compute/clusters/${cluster.cluster_id}`}>{cluster.cluster_name || cluster.cluster_id}</Link>
              <div className="subtle mono">{cluster.cluster_id}</div>
            </td>
            <td>
              <ComputeStateBadge state={cluster.state} />
            </td>
            <td>{describeSize(cluster.spec ?? cluster)}</td>
            <td>{cluster.creator_user_name || "—"}</td>
            <td>{describeAutotermination(cluster.autotermination_minutes)}</td>
            <td>
              <span className="badge">{SOURCE[cluster.cluster_source ?? ""] ?? cluster.cluster_source ?? "—"}</span>
            </td>
            <td className="actions">
              <ClusterActionButtons cluster={cluster} level={levels[cluster.cluster_id]} compact />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
