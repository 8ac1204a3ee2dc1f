import { Package } from "lucide-react";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { StateBadge } from "../../components/StateBadge";
import { useClusterLibraries } from "../../queries/useClusterLibraries";

/** "pypi: pandas==2.2" -- the library's kind and its main field. */
export function libraryLabel(library: Record<string, unknown>): string {
  const [kind, value] = Object.entries(library)[0] ?? ["?", ""];
  if (value && typeof value === "object") {
    const spec = value as Record<string, unknown>;
    return `${kind}: ${String(spec.package ?? spec.coordinates ?? JSON.stringify(spec))}`;
  }
  return `${kind}: ${String(value)}`;
}

export function ClusterLibraries({ clusterId }: { clusterId: string }) {
  const libraries = useClusterLibraries(clusterId);
  const rows = libraries.data ?? [];
  return (
    <div className="card">
      <ErrorAlert error={libraries.error} />
      {libraries.isPending ? (
        <div className="empty"><Spinner /></div>
      ) : rows.length === 0 ? (
        <EmptyState icon={<Package size={28} />} title="No libraries">
          Install libraries with the Libraries API (libraries/install) or a task&apos;s libraries.
        </EmptyState>
      ) : (
        <table className="table" aria-label="Libraries">
          <thead>
            <tr>
              <th>Library</th>
              <th>Status</th>
              <th>Messages</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                <td className="mono">{libraryLabel(row.library)}</td>
                <td>
                  <StateBadge state={row.status} />
                </td>
                <td className="subtle">{(row.messages ?? []).join(" ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
