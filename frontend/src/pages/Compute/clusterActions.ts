/** What a user may do to a cluster now: their permission level and the cluster's state decide
 * (the same rules as compute/permissions.py and compute/services.py; the server checks again). */
import type { ClusterLevel } from "../../queries/clusterApi";

export type ClusterAction = "start" | "restart" | "terminate" | "resize" | "edit" | "delete";

const RANK: Record<ClusterLevel, number> = { CAN_ATTACH_TO: 0, CAN_RESTART: 1, CAN_MANAGE: 2 };

/** The levels one can grant on a cluster, lowest first. */
export const CLUSTER_LEVELS = Object.keys(RANK) as ClusterLevel[];

/** The level each action needs (clusters/start, restart, delete: CAN_RESTART; the rest CAN_MANAGE). */
export const NEEDS: Record<ClusterAction, ClusterLevel> = {
  start: "CAN_RESTART",
  restart: "CAN_RESTART",
  terminate: "CAN_RESTART",
  resize: "CAN_MANAGE",
  edit: "CAN_MANAGE",
  delete: "CAN_MANAGE",
};

/** The states each action is accepted in. */
const IN_STATES: Record<ClusterAction, readonly string[] | null> = {
  start: ["TERMINATED", "ERROR"],
  restart: ["RUNNING"],
  terminate: ["PENDING", "RUNNING", "RESTARTING", "RESIZING", "ERROR"],
  resize: ["RUNNING"],
  edit: ["RUNNING", "TERMINATED", "ERROR"],
  delete: null, // any state
};

export function holds(level: ClusterLevel | null | undefined, needed: ClusterLevel): boolean {
  return level != null && RANK[level] >= RANK[needed];
}

export interface ActionState {
  /** The user holds the level: show the button. */
  visible: boolean;
  /** ...and the cluster's state accepts it now: enable it. */
  enabled: boolean;
}

export function clusterActions(
  level: ClusterLevel | null | undefined,
  state: string | undefined,
  source?: string,
): Record<ClusterAction, ActionState> {
  const result = {} as Record<ClusterAction, ActionState>;
  for (const action of Object.keys(NEEDS) as ClusterAction[]) {
    // A job cluster belongs to its run: it is never edited, resized or started by hand.
    const jobOwned = source === "JOB" && action !== "terminate" && action !== "delete";
    const visible = holds(level, NEEDS[action]) && !jobOwned;
    const states = IN_STATES[action];
    result[action] = { visible, enabled: visible && (states === null || states.includes(state ?? "")) };
  }
  return result;
}

/** SQL warehouses: admins and the warehouse's creator may start, stop, edit and delete it. */
export function canManageWarehouse(
  me: { is_admin?: boolean; username?: string; user_name?: string } | undefined,
  creatorName: string | undefined,
): boolean {
  if (!me) return false;
  if (me.is_admin) return true;
  const name = me.user_name ?? me.username;
  return Boolean(name && creatorName && name === creatorName);
}

/** The embedded default warehouse, which the server refuses to delete. */
export const DEFAULT_WAREHOUSE_ID = "default";

export function canDeleteWarehouse(
  me: Parameters<typeof canManageWarehouse>[0],
  warehouse: { id: string; creator_name?: string },
): boolean {
  return warehouse.id !== DEFAULT_WAREHOUSE_ID && canManageWarehouse(me, warehouse.creator_name);
}
