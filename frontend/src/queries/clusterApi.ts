/** Clusters API 2.1, Libraries 2.0, SQL warehouses and the compute pages' /api/ui/clusters/ calls,
 * with the wire shapes the compute pages read. The browser marks its clusters/create and edit
 * with `X-Lakeflow-Client: ui`, so the server records the cluster's source as UI. */
import { api } from "../api/client";
import type { AccessControl, Cluster, Warehouse } from "../api/types";

export const UI_CLIENT = { "X-Lakeflow-Client": "ui" };

export type ClusterLevel = "CAN_ATTACH_TO" | "CAN_RESTART" | "CAN_MANAGE";

export interface ClusterSpecBody {
  cluster_name: string;
  spark_version: string;
  node_type_id?: string;
  num_workers?: number;
  autoscale?: { min_workers: number; max_workers: number };
  autotermination_minutes: number;
  spark_env_vars?: Record<string, string>;
  custom_tags?: Record<string, string>;
  [field: string]: unknown;
}

/** clusters/get (ClusterDetails): the fields the pages show. */
export interface ClusterDetails extends Cluster {
  state?: string;
  state_message?: string;
  cluster_source?: "UI" | "API" | "JOB";
  autoscale?: { min_workers: number; max_workers: number };
  autotermination_minutes?: number;
  spark_env_vars?: Record<string, string>;
  custom_tags?: Record<string, string>;
  spec?: ClusterSpecBody;
  executors?: { node_id: string; instance_id?: string; host_private_ip?: string; start_timestamp?: number }[];
  start_time?: number;
  terminated_time?: number;
  last_restarted_time?: number;
  last_activity_time?: number;
  termination_reason?: { code?: string; type?: string; parameters?: Record<string, string> };
  job_run_id?: number;
}

export interface ClusterEvent {
  cluster_id: string;
  timestamp: number;
  type: string;
  details: Record<string, unknown>;
}

/** A Libraries API library: exactly one kind, e.g. {pypi: {package}}, {whl: path}, {maven: {coordinates}}. */
export type Library = Record<string, unknown>;

export interface LibraryStatus {
  library: Library;
  status: string;
  messages?: string[];
}

export interface ClusterTaskRun {
  run_id: number;
  job_run_id: number;
  job_id: number | null;
  run_name: string;
  task_key: string;
  attempt_number: number;
  state: string;
  active: boolean;
  start_time: number | null;
  end_time: number | null;
}

export interface ClusterAccess {
  can_create: boolean;
  is_admin: boolean;
  levels: Record<string, ClusterLevel>;
}

export interface WarehouseDetails extends Warehouse {
  cluster_size?: string;
  auto_stop_mins?: number;
  creator_name?: string;
  health?: { status?: string; summary?: string };
}

const post = <T = object>(path: string, body: object) => api.post<T>(path, body);

export const clusterApi = {
  get: (cluster_id: string) => api.get<ClusterDetails>("/api/2.1/clusters/get", { cluster_id }),
  events: (cluster_id: string, limit = 50) =>
    post<{ events?: ClusterEvent[]; total_count?: number }>("/api/2.1/clusters/events", { cluster_id, limit, order: "DESC" }),
  create: (spec: ClusterSpecBody) => api.post<{ cluster_id: string }>("/api/2.1/clusters/create", spec, UI_CLIENT),
  edit: (cluster_id: string, spec: ClusterSpecBody) =>
    api.post<object>("/api/2.1/clusters/edit", { ...spec, cluster_id }, UI_CLIENT),
  start: (cluster_id: string) => post("/api/2.1/clusters/start", { cluster_id }),
  restart: (cluster_id: string) => post("/api/2.1/clusters/restart", { cluster_id }),
  terminate: (cluster_id: string) => post("/api/2.1/clusters/delete", { cluster_id }),
  permanentDelete: (cluster_id: string) => post("/api/2.1/clusters/permanent-delete", { cluster_id }),
  resize: (cluster_id: string, size: Pick<ClusterSpecBody, "num_workers" | "autoscale">) =>
    post("/api/2.1/clusters/resize", { cluster_id, ...size }),
  nodeTypes: () => api.get<{ node_types?: { node_type_id: string; description?: string }[] }>("/api/2.1/clusters/list-node-types"),
  sparkVersions: () => api.get<{ versions?: { key: string; name: string }[] }>("/api/2.1/clusters/spark-versions"),
  libraries: (cluster_id: string) =>
    api.get<{ library_statuses?: LibraryStatus[] }>("/api/2.0/libraries/cluster-status", { cluster_id }),
  installLibraries: (cluster_id: string, libraries: Library[]) => post("/api/2.0/libraries/install", { cluster_id, libraries }),
  uninstallLibraries: (cluster_id: string, libraries: Library[]) =>
    post("/api/2.0/libraries/uninstall", { cluster_id, libraries }),
  permissions: (cluster_id: string) =>
    api.get<{ access_control_list?: AccessControl[] }>(`/api/2.0/permissions/clusters/${encodeURIComponent(cluster_id)}`),
  setPermissions: (cluster_id: string, access_control_list: AccessControl[]) =>
    api.put<object>(`/api/2.0/permissions/clusters/${encodeURIComponent(cluster_id)}`, { access_control_list }),
  taskRuns: (cluster_id: string) =>
    api.get<{ task_runs: ClusterTaskRun[] }>(`/api/ui/clusters/${encodeURIComponent(cluster_id)}/task-runs`),
  access: () => api.get<ClusterAccess>("/api/ui/clusters/access"),
};

/** The fields the warehouse form sets (create and edit). */
export interface WarehouseBody {
  name: string;
  cluster_size?: string;
  auto_stop_mins?: number;
}

const warehousePath = (id: string) => `/api/2.0/sql/warehouses/${encodeURIComponent(id)}`;

export const warehouseApi = {
  create: (body: WarehouseBody) => post<{ id: string }>("/api/2.0/sql/warehouses", body),
  edit: (id: string, body: WarehouseBody) => post(`${warehousePath(id)}/edit`, body),
  delete: (id: string) => api.delete<object>(warehousePath(id)),
  start: (id: string) => post(`${warehousePath(id)}/start`, {}),
  stop: (id: string) => post(`${warehousePath(id)}/stop`, {}),
};
