/** One line for a cluster event's details (clusters/events), for the event table. */
import type { ClusterEvent } from "../../queries/clusterApi";

type Size = { num_workers?: number; autoscale?: { min_workers: number; max_workers: number } };

export function describeClusterSize(size: Size | undefined): string {
  if (!size) return "";
  if (size.autoscale) return `${size.autoscale.min_workers}–${size.autoscale.max_workers} workers`;
  const workers = size.num_workers ?? 0;
  return workers === 1 ? "1 worker" : `${workers} workers`;
}

export function describeEvent(event: ClusterEvent): string {
  const d = event.details as {
    user?: string;
    cause?: string;
    cluster_size?: Size;
    previous_cluster_size?: Size;
    target_num_workers?: number;
    current_num_workers?: number;
    reason?: { code?: string; parameters?: Record<string, string> };
  };
  const parts: string[] = [];
  if (d.previous_cluster_size && d.cluster_size) {
    parts.push(`${describeClusterSize(d.previous_cluster_size)} → ${describeClusterSize(d.cluster_size)}`);
  } else if (d.cluster_size) {
    parts.push(describeClusterSize(d.cluster_size));
  }
  if (d.target_num_workers !== undefined) parts.push(`target ${d.target_num_workers}`);
  if (d.current_num_workers !== undefined) parts.push(`${d.current_num_workers} up`);
  if (d.cause) parts.push(d.cause.replaceAll("_", " ").toLowerCase());
  if (d.reason?.code) parts.push(`reason: ${d.reason.code}${d.reason.parameters?.message ? ` (${d.reason.parameters.message})` : ""}`);
  if (d.user) parts.push(`by ${d.user}`);
  return parts.join(" · ") || "—";
}
