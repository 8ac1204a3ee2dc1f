import { ArrowLeft } from "lucide-react";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { Tabs } from "../../components/Tabs";
import { clusterKeys } from "../../queries/clusterKeys";
import { useCluster } from "../../queries/useCluster";
import { useClusterAccess } from "../../queries/useClusterAccess";
import { useComputeSocket } from "../../realtime/useComputeSocket";
import { ClusterActionButtons } from "../Compute/ClusterActionButtons";
import { holds } from "../Compute/clusterActions";
import { ComputeStateBadge } from "../Compute/ComputeStateBadge";
import { LiveIndicator } from "../../components/LiveIndicator";
import { ClusterConfig } from "./ClusterConfig";
import { ClusterEvents } from "./ClusterEvents";
import { ClusterLibraries } from "./ClusterLibraries";
import { ClusterPermissions } from "./ClusterPermissions";
import { ClusterTaskRuns } from "./ClusterTaskRuns";
import "../Compute/compute.css";

type Tab = "configuration" | "events" | "libraries" | "task-runs" | "permissions";
const TABS: { id: Tab; label: string }[] = [
  { id: "configuration", label: "Configuration" },
  { id: "events", label: "Events" },
  { id: "libraries", label: "Libraries" },
  { id: "task-runs", label: "Task runs" },
];
/** Only users who manage the cluster set who else may use it. */
const MANAGER_TABS: { id: Tab; label: string }[] = [...TABS, { id: "permissions", label: "Permissions" }];

/** /compute/clusters/:clusterId -- its state live over /ws/clusters/<id>/, its config, events,
 * libraries, the task runs on it and (for its managers) its permissions. */
export function ClusterPage() {
  const { clusterId = "" } = useParams();
  const navigate = useNavigate();
  const cluster = useCluster(clusterId);
  const access = useClusterAccess();
  const socket = useComputeSocket(`/ws/clusters/${encodeURIComponent(clusterId)}/`, [
    clusterKeys.detail(clusterId),
    clusterKeys.events(clusterId),
  ]);
  const [tab, setTab] = useState<Tab>("configuration");
  const data = cluster.data;
  const level = access.data?.levels[clusterId];
  const manages = holds(level, "CAN_MANAGE");

  return (
    <div className="page">
      <p className="muted" style={{ margin: "0 0 8px" }}>
        <Link to="/compute" className="row" style={{ display: "inline-flex", gap: 4 }}>
          <ArrowLeft size={14} /> Compute
        </Link>
      </p>
      <div className="page-header">
        <div className="grow">
          <h1 className="row">
            {data?.cluster_name || clusterId}
            {data && <ComputeStateBadge state={data.state} />}
            <LiveIndicator connected={socket.connected} />
          </h1>
          <p className="muted mono" style={{ fontSize: 12.5 }}>{clusterId}</p>
        </div>
        {data && (
          <div className="row-wrap" data-testid="cluster-actions">
            <ClusterActionButtons cluster={data} level={level} onDeleted={() => navigate("/compute")} />
          </div>
        )}
      </div>
      <ErrorAlert error={cluster.error} />
      {data?.state_message && data.state !== "RUNNING" && (
        <div className={data.state === "ERROR" ? "alert danger" : "alert info"} data-testid="state-message" style={{ marginBottom: 14 }}>
          {data.state_message}
          {data.termination_reason?.code ? ` (${data.termination_reason.code})` : ""}
        </div>
      )}
      {cluster.isPending ? (
        <Spinner />
      ) : data ? (
        <>
          <Tabs label="Cluster" tabs={manages ? MANAGER_TABS : TABS} value={tab} onChange={setTab} />
          <div className="cluster-tab-body">
            {tab === "configuration" && <ClusterConfig cluster={data} />}
            {tab === "events" && <ClusterEvents clusterId={clusterId} />}
            {tab === "libraries" && <ClusterLibraries clusterId={clusterId} canManage={manages && data.cluster_source !== "JOB"} />}
            {tab === "task-runs" && <ClusterTaskRuns clusterId={clusterId} />}
            {tab === "permissions" && manages && <ClusterPermissions cluster={data} />}
          </div>
        </>
      ) : null}
    </div>
  );
}
