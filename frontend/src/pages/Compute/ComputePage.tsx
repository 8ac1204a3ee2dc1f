import { Cpu, Database } from "lucide-react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { StateBadge } from "../../components/StateBadge";
import { useClusters } from "../../queries/useClusters";
import { useWarehouses } from "../../queries/useWarehouses";

export function ComputePage() {
  const clusters = useClusters();
  const warehouses = useWarehouses();
  return (
    <div className="page col" style={{ gap: 20 }}>
      <div className="page-header" style={{ marginBottom: 0 }}><h1 className="grow">Compute</h1></div>
      <section className="col">
        <h2>All-purpose clusters</h2>
        <ErrorAlert error={clusters.error} />
        <div className="card">
          {clusters.isPending ? <div className="empty"><Spinner /></div> : (clusters.data ?? []).length === 0 ? <EmptyState icon={<Cpu size={28} />} title="No clusters" /> : (
            <table className="table">
              <thead><tr><th>Name</th><th>State</th><th>Workers</th><th>Creator</th></tr></thead>
              <tbody>
                {(clusters.data ?? []).map((c) => (
                  <tr key={c.cluster_id}><td><strong>{c.cluster_name}</strong><div className="subtle mono">{c.cluster_id}</div></td><td><StateBadge state={c.state} /></td><td>{c.num_workers ?? "—"}</td><td>{c.creator_user_name ?? "—"}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>
      <section className="col">
        <h2>SQL warehouses</h2>
        <ErrorAlert error={warehouses.error} />
        <div className="card">
          {warehouses.isPending ? <div className="empty"><Spinner /></div> : (warehouses.data ?? []).length === 0 ? <EmptyState icon={<Database size={28} />} title="No SQL warehouses" /> : (
            <table className="table">
              <thead><tr><th>Name</th><th>State</th><th>Id</th></tr></thead>
              <tbody>
                {(warehouses.data ?? []).map((w) => (
                  <tr key={w.id}><td><strong>{w.name}</strong></td><td><StateBadge state={w.state} /></td><td className="mono subtle">{w.id}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>
    </div>
  );
}
