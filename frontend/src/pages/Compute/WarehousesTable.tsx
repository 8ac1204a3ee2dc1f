import { Play, Square } from "lucide-react";
import { Button } from "../../components/Button";
import { toast } from "../../components/toastStore";
import type { Me } from "../../api/types";
import type { WarehouseDetails } from "../../queries/clusterApi";
import { useWarehouseAction } from "../../queries/useWarehouseMutations";
import { ComputeStateBadge } from "./ComputeStateBadge";
import { canManageWarehouse } from "./clusterActions";

export function WarehousesTable({ warehouses, me }: { warehouses: WarehouseDetails[]; me: Me | undefined }) {
  const act = useWarehouseAction();
  const run = (id: string, action: "start" | "stop") =>
    act.mutate({ id, action }, { onSuccess: () => toast(action === "start" ? "Warehouse started" : "Warehouse stopped", "success") });
  return (
    <table className="table compute-table" aria-label="SQL warehouses">
      <thead>
        <tr>
          <th>Name</th>
          <th>State</th>
          <th>Size</th>
          <th>Auto-stop</th>
          <th>Owner</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {warehouses.map((w) => {
          const manage = canManageWarehouse(me, w.creator_name);
          const stopped = w.state === "STOPPED";
          return (
            <tr key={w.id} data-warehouse-id={w.id}>
              <td className="name-cell">
                <strong>{w.name}</strong>
                <div className="subtle mono">{w.id}</div>
              </td>
              <td>
                <ComputeStateBadge state={w.state} />
                {w.health?.summary && <div className="subtle" title={w.health.summary}>{w.health.summary.slice(0, 80)}</div>}
              </td>
              <td>{w.cluster_size ?? "—"}</td>
              <td>{w.auto_stop_mins ? `After ${w.auto_stop_mins} min idle` : "Never"}</td>
              <td>{w.creator_name ?? "—"}</td>
              <td className="actions">
                {manage &&
                  (stopped ? (
                    <Button size="sm" icon={<Play size={14} />} disabled={act.isPending} onClick={() => run(w.id, "start")}>
                      Start
                    </Button>
                  ) : (
                    <Button size="sm" icon={<Square size={13} />} disabled={act.isPending || w.state !== "RUNNING"} onClick={() => run(w.id, "stop")}>
                      Stop
                    </Button>
                  ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
