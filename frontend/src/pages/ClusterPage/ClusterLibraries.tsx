import { Package, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { StateBadge } from "../../components/StateBadge";
import { toast } from "../../components/toastStore";
import { useClusterLibraries } from "../../queries/useClusterLibraries";
import { useUninstallLibraries } from "../../queries/useLibraryMutations";
import { InstallLibraryDialog } from "./InstallLibraryDialog";
import { canUninstall, libraryLabel } from "./libraries";

/** The cluster's libraries and their install status; users who manage the cluster install and
 * uninstall them (an uninstalled one stays listed, UNINSTALL_ON_RESTART, until the next restart). */
export function ClusterLibraries({ clusterId, canManage }: { clusterId: string; canManage: boolean }) {
  const libraries = useClusterLibraries(clusterId);
  const uninstall = useUninstallLibraries();
  const [installing, setInstalling] = useState(false);
  const rows = libraries.data ?? [];
  return (
    <div className="col">
      {canManage && (
        <div className="row">
          <div className="spacer" />
          <Button icon={<Plus size={15} />} onClick={() => setInstalling(true)}>
            Install library
          </Button>
        </div>
      )}
      <ErrorAlert error={libraries.error ?? uninstall.error} />
      <div className="card">
        {libraries.isPending ? (
          <div className="empty"><Spinner /></div>
        ) : rows.length === 0 ? (
          <EmptyState icon={<Package size={28} />} title="No libraries">
            {canManage ? "Install PyPI packages or wheels into the cluster's Python environment." : "Users who manage the cluster install libraries on it."}
          </EmptyState>
        ) : (
          <table className="table compute-table" aria-label="Libraries">
            <thead>
              <tr>
                <th>Library</th>
                <th>Status</th>
                <th>Messages</th>
                {canManage && <th aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const label = libraryLabel(row.library);
                return (
                  <tr key={JSON.stringify(row.library)} data-library={label}>
                    <td className="mono">{label}</td>
                    <td>
                      <StateBadge state={row.status} />
                    </td>
                    <td className="subtle">{(row.messages ?? []).join(" ")}</td>
                    {canManage && (
                      <td className="actions">
                        {canUninstall(row.status) && (
                          <Button
                            size="sm"
                            icon={<Trash2 size={13} />}
                            disabled={uninstall.isPending}
                            onClick={() =>
                              uninstall.mutate(
                                { clusterId, libraries: [row.library] },
                                { onSuccess: () => toast("Uninstalled when the cluster restarts", "success") },
                              )
                            }
                          >
                            Uninstall
                          </Button>
                        )}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {installing && <InstallLibraryDialog clusterId={clusterId} onClose={() => setInstalling(false)} />}
    </div>
  );
}
