import { useCallback } from "react";
import type { AccessControl } from "../../api/types";
import { PermissionsEditor } from "../../components/PermissionsEditor";
import { toast } from "../../components/toastStore";
import type { ClusterDetails } from "../../queries/clusterApi";
import { useClusterPermissions } from "../../queries/useClusterPermissions";
import { useSetClusterPermissions } from "../../queries/useSetClusterPermissions";
import { CLUSTER_LEVELS } from "../Compute/clusterActions";

/** Who may attach to, restart or manage the cluster. Its creator always manages it, and admins
 * (an inherited grant) too. */
export function ClusterPermissions({ cluster }: { cluster: ClusterDetails }) {
  const clusterId = cluster.cluster_id;
  const acl = useClusterPermissions(clusterId);
  const save = useSetClusterPermissions();
  const creator = cluster.creator_user_name;
  const isCreator = useCallback((entry: AccessControl) => Boolean(creator) && entry.user_name === creator, [creator]);
  return (
    <div className="card card-body" data-testid="cluster-permissions">
      <PermissionsEditor
        acl={acl}
        levels={CLUSTER_LEVELS}
        isFixed={isCreator}
        saving={save.isPending}
        saveError={save.error}
        onSave={(list) => save.mutate({ clusterId, acl: list }, { onSuccess: () => toast("Permissions saved", "success") })}
      />
    </div>
  );
}
