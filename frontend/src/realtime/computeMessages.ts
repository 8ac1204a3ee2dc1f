/** How /ws/compute/ and /ws/clusters/<id>/ messages (docs/websockets.md, "Compute") change the
 * cached REST answers: pure functions from (cached answer, message) to the new answer. */
import type { ClusterDetails, ClusterEvent, WarehouseDetails } from "../queries/clusterApi";

export type ComputeMessage =
  | { type: "cluster.updated"; cluster: ClusterDetails }
  | { type: "cluster.deleted"; cluster_id: string }
  | { type: "cluster.event"; cluster_id: string; event: ClusterEvent }
  | { type: "warehouse.updated"; warehouse: WarehouseDetails }
  | { type: "warehouse.deleted"; id: string };

type ClusterList = { clusters?: ClusterDetails[] } | undefined;
type WarehouseList = { warehouses?: WarehouseDetails[] } | undefined;
type EventPage = { events?: ClusterEvent[]; total_count?: number } | undefined;

/** Replace the item with the same id, or add it first (clusters/list is newest first). */
function upsert<T>(items: T[], item: T, same: (a: T) => boolean, append = false): T[] {
  const index = items.findIndex(same);
  if (index < 0) return append ? [...items, item] : [item, ...items];
  return items.map((existing, i) => (i === index ? item : existing));
}

export function applyToClusterList(list: ClusterList, message: ComputeMessage): ClusterList {
  if (!list) return list; // nothing cached: the REST read on mount has the news
  if (message.type === "cluster.updated") {
    const id = message.cluster.cluster_id;
    return { ...list, clusters: upsert(list.clusters ?? [], message.cluster, (c) => c.cluster_id === id) };
  }
  if (message.type === "cluster.deleted") {
    return { ...list, clusters: (list.clusters ?? []).filter((c) => c.cluster_id !== message.cluster_id) };
  }
  return list;
}

export function applyToWarehouseList(list: WarehouseList, message: ComputeMessage): WarehouseList {
  if (!list) return list;
  if (message.type === "warehouse.updated") {
    const id = message.warehouse.id;
    // sql/warehouses lists by name: a new one goes at its place, an updated one stays put.
    const warehouses = upsert(list.warehouses ?? [], message.warehouse, (w) => w.id === id, true);
    return { ...list, warehouses: [...warehouses].sort((a, b) => a.name.localeCompare(b.name)) };
  }
  if (message.type === "warehouse.deleted") {
    return { ...list, warehouses: (list.warehouses ?? []).filter((w) => w.id !== message.id) };
  }
  return list;
}

/** clusters/events (newest first): a new event goes on top, once. */
export function applyToEvents(page: EventPage, message: ComputeMessage): EventPage {
  if (!page || message.type !== "cluster.event") return page;
  const events = page.events ?? [];
  const { event } = message;
  if (events.some((e) => e.timestamp === event.timestamp && e.type === event.type)) return page;
  return { ...page, events: [event, ...events], total_count: (page.total_count ?? events.length) + 1 };
}

export function parseComputeMessage(text: string): ComputeMessage | null {
  try {
    const message = JSON.parse(text) as { type?: unknown };
    return typeof message?.type === "string" ? (message as ComputeMessage) : null;
  } catch {
    return null;
  }
}
