import { Pencil, Play, Square, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/Button";
import { ErrorAlert } from "../../components/ErrorAlert";
import { toast } from "../../components/toastStore";
import type { Me } from "../../api/types";
import type { WarehouseDetails } from "../../queries/clusterApi";
import { useDeleteWarehouse, useWarehouseAction } from "../../queries/useWarehouseMutations";
import { ComputeStateBadge } from "./ComputeStateBadge";
import { canDeleteWarehouse, canManageWarehouse } from "./clusterActions";
import { WarehouseFormDialog } from "./WarehouseFormDialog";

export function WarehousesTable({ warehouses, me }: { warehouses: WarehouseDetails[]; me: Me | undefined }) {
  const act = useWarehouseAction();
  const remove = useDeleteWarehouse();
  const [editing, setEditing] = useState<WarehouseDetails | null>(null);
  const run = (id: string, action: "start" | "stop") =>
    act.mutate({ id, action }, { onSuccess: () => toast(action === "start" ? "Warehouse started" : "Warehouse stopped", "success") });
  const busy = act.isPending || remove.isPending;
  const deleteWarehouse = (w: WarehouseDetails) => {
    if (confirm(`Delete SQL warehouse "${w.name}"? Its data stays where its engine keeps it.`))
      remove.mutate(w.id, { onSuccess: () => toast("Warehouse deleted", "success") });
  };
  return (
    <>
      <ErrorAlert error={act.error ?? remove.error} />
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
                      <Button size="sm" icon={<Play size={14} />} disabled={busy} onClick={() => run(w.id, "start")}>
                        Start
                      </Button>
                    ) : (
                      <Button size="sm" icon={<Square size={13} />} disabled={busy || w.state !== "RUNNING"} onClick={() => run(w.id, "stop")}>
                        Stop
                      </Button>
                    ))}
                  {manage && (
                    <Button size="sm" icon={<Pencil size={13} />} onClick={() => setEditing(w)}>
                      Edit
                    </Button>
                  )}
                  {canDeleteWarehouse(me, w) && (
                    <Button size="sm" variant="danger" icon={<Trash2 size={13} />} label={`Delete ${w.name}`} disabled={busy} onClick={() => deleteWarehouse(w)} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {editing && <WarehouseFormDialog warehouse={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
