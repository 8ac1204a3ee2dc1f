import { Cpu, Database, Plus } from "lucide-react";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router-dom";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { Tabs } from "../../components/Tabs";
import type { ClusterDetails, WarehouseDetails } from "../../queries/clusterApi";
import { clusterKeys } from "../../queries/clusterKeys";
import { keys } from "../../queries/keys";
import { useClusterAccess } from "../../queries/useClusterAccess";
import { useClusters } from "../../queries/useClusters";
import { useMe } from "../../queries/useMe";
import { useWarehouses } from "../../queries/useWarehouses";
import { useComputeSocket } from "../../realtime/useComputeSocket";
import { ClusterFormDialog } from "./ClusterFormDialog";
import { ClustersTable } from "./ClustersTable";
import { LiveIndicator } from "../../components/LiveIndicator";
import { WarehouseFormDialog } from "./WarehouseFormDialog";
import { WarehousesTable } from "./WarehousesTable";
import "./compute.css";

type Tab = "all-purpose" | "job" | "warehouses";
const TABS: { id: Tab; label: string }[] = [
  { id: "all-purpose", label: "All-purpose clusters" },
  { id: "job", label: "Job clusters" },
  { id: "warehouses", label: "SQL warehouses" },
];
const REFRESH = [keys.clusters, keys.warehouses, clusterKeys.access];

export function ComputePage() {
  const [params, setParams] = useSearchParams();
  const tab = (TABS.find((t) => t.id === params.get("tab"))?.id ?? "all-purpose") as Tab;
  const navigate = useNavigate();
  const clusters = useClusters();
  const warehouses = useWarehouses();
  const access = useClusterAccess();
  const me = useMe();
  const socket = useComputeSocket("/ws/compute/", REFRESH);
  const [dialog, setDialog] = useState<"cluster" | "warehouse" | null>(null);

  const all = (clusters.data ?? []) as ClusterDetails[];
  const shown = all.filter((c) => (tab === "job" ? c.cluster_source === "JOB" : c.cluster_source !== "JOB"));
  const levels = access.data?.levels ?? {};

  return (
    <div className="page">
      <div className="page-header">
        <div className="grow">
          <h1 className="row">
            Compute <LiveIndicator connected={socket.connected} />
          </h1>
          <p className="muted">Clusters run job tasks on worker processes; SQL warehouses run SQL tasks and statements.</p>
        </div>
        {tab === "warehouses" ? (
          <Button variant="primary" icon={<Plus size={16} />} onClick={() => setDialog("warehouse")}>
            Create SQL warehouse
          </Button>
        ) : (
          access.data?.can_create && (
            <Button variant="primary" icon={<Plus size={16} />} onClick={() => setDialog("cluster")}>
              Create cluster
            </Button>
          )
        )}
      </div>
      <Tabs label="Compute" tabs={TABS} value={tab} onChange={(id) => setParams(id === "all-purpose" ? {} : { tab: id }, { replace: true })} />
      <div className="cluster-tab-body col">
        {tab === "warehouses" ? (
          <>
            <ErrorAlert error={warehouses.error} />
            <div className="card">
              {warehouses.isPending ? (
                <div className="empty"><Spinner /></div>
              ) : (warehouses.data ?? []).length === 0 ? (
                <EmptyState icon={<Database size={28} />} title="No SQL warehouses" />
              ) : (
                <WarehousesTable warehouses={(warehouses.data ?? []) as WarehouseDetails[]} me={me.data} />
              )}
            </div>
          </>
        ) : (
          <>
            <ErrorAlert error={clusters.error} />
            <div className="card">
              {clusters.isPending ? (
                <div className="empty"><Spinner /></div>
              ) : shown.length === 0 ? (
                <EmptyState icon={<Cpu size={28} />} title={tab === "job" ? "No job clusters" : "No clusters"}>
                  {tab === "job" ? "Job clusters are created for a run and terminated when it ends." : access.data?.can_create ? "Create one to run tasks on dedicated workers." : null}
                </EmptyState>
              ) : (
                <ClustersTable clusters={shown} levels={levels} />
              )}
            </div>
          </>
        )}
      </div>
      {dialog === "cluster" && (
        <ClusterFormDialog onClose={() => setDialog(null)} onSaved={(id) => navigate(`/compute/clusters/${id}`)} />
      )}
      {dialog === "warehouse" && <WarehouseFormDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
