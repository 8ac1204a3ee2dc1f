import { Pencil, Play, RotateCw, Scaling, Square, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/Button";
import { ErrorAlert } from "../../components/ErrorAlert";
import { toast } from "../../components/toastStore";
import type { ClusterDetails, ClusterLevel } from "../../queries/clusterApi";
import { useClusterAction } from "../../queries/useClusterMutations";
import { ClusterFormDialog } from "./ClusterFormDialog";
import { clusterActions } from "./clusterActions";
import { ResizeDialog } from "./ResizeDialog";

interface Props {
  cluster: ClusterDetails;
  level: ClusterLevel | null | undefined;
  /** The list's row: start and terminate only. */
  compact?: boolean;
  onDeleted?: () => void;
}

/** The buttons the user's level allows (hidden otherwise), enabled when the state accepts them. */
export function ClusterActionButtons({ cluster, level, compact, onDeleted }: Props) {
  const act = useClusterAction();
  const [dialog, setDialog] = useState<"edit" | "resize" | null>(null);
  const allowed = clusterActions(level, cluster.state, cluster.cluster_source);
  const size = compact ? "sm" : "md";
  const run = (action: "start" | "restart" | "terminate" | "delete", done: string) =>
    act.mutate({ clusterId: cluster.cluster_id, action }, { onSuccess: () => toast(done, "success") });
  const busy = act.isPending;

  return (
    <>
      {allowed.start.visible && (
        <Button size={size} icon={<Play size={14} />} disabled={!allowed.start.enabled || busy} onClick={() => run("start", "Starting")}>
          Start
        </Button>
      )}
      {!compact && allowed.restart.visible && (
        <Button size={size} icon={<RotateCw size={14} />} disabled={!allowed.restart.enabled || busy} onClick={() => run("restart", "Restarting")}>
          Restart
        </Button>
      )}
      {allowed.terminate.visible && (
        <Button size={size} icon={<Square size={13} />} disabled={!allowed.terminate.enabled || busy} onClick={() => run("terminate", "Terminating")}>
          Terminate
        </Button>
      )}
      {!compact && allowed.resize.visible && (
        <Button size={size} icon={<Scaling size={14} />} disabled={!allowed.resize.enabled} onClick={() => setDialog("resize")}>
          Resize
        </Button>
      )}
      {!compact && allowed.edit.visible && (
        <Button size={size} icon={<Pencil size={14} />} disabled={!allowed.edit.enabled} onClick={() => setDialog("edit")}>
          Edit
        </Button>
      )}
      {!compact && allowed.delete.visible && (
        <Button
          size={size}
          variant="danger"
          icon={<Trash2 size={14} />}
          disabled={busy}
          onClick={() => {
            if (confirm(`Delete cluster "${cluster.cluster_name}" for good? Its workers are stopped first.`))
              act.mutate({ clusterId: cluster.cluster_id, action: "delete" }, { onSuccess: () => { toast("Cluster deleted", "success"); onDeleted?.(); } });
          }}
        >
          Delete
        </Button>
      )}
      {act.error && !compact ? <div className="action-error"><ErrorAlert error={act.error} /></div> : null}
      {act.error && compact ? <span className="subtle" role="alert" title={String(act.error)}>failed</span> : null}
      {dialog === "edit" && <ClusterFormDialog cluster={cluster} onClose={() => setDialog(null)} />}
      {dialog === "resize" && <ResizeDialog cluster={cluster} onClose={() => setDialog(null)} />}
    </>
  );
}
