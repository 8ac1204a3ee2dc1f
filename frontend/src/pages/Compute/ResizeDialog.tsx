import { useState } from "react";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Switch } from "../../components/Switch";
import { TextField } from "../../components/TextField";
import { toast } from "../../components/toastStore";
import type { ClusterDetails } from "../../queries/clusterApi";
import { useResizeCluster } from "../../queries/useClusterMutations";
import { formFromCluster, specFromForm, validateForm } from "./clusterForm";

/** clusters/resize: a fixed number of workers or an autoscaling range. */
export function ResizeDialog({ cluster, onClose }: { cluster: ClusterDetails; onClose: () => void }) {
  const resize = useResizeCluster();
  const [values, setValues] = useState(() => formFromCluster(cluster));
  const errors = validateForm(values);
  const sizeErrors = [errors.numWorkers, errors.minWorkers, errors.maxWorkers].filter(Boolean);
  const submit = () => {
    if (sizeErrors.length) return;
    const { num_workers, autoscale } = specFromForm(values);
    resize.mutate(
      { clusterId: cluster.cluster_id, size: autoscale ? { autoscale } : { num_workers } },
      {
        onSuccess: () => {
          toast("Resizing", "success");
          onClose();
        },
      },
    );
  };
  return (
    <Dialog
      title={`Resize ${cluster.cluster_name}`}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={resize.isPending || sizeErrors.length > 0} onClick={submit}>
            Resize
          </Button>
        </>
      }
    >
      <div className="col">
        <Switch label="Autoscaling" checked={values.autoscale} onChange={(autoscale) => setValues({ ...values, autoscale })} />
        {values.autoscale ? (
          <div className="grid-2">
            <TextField label="Min workers" type="number" min={0} value={values.minWorkers} onChange={(minWorkers) => setValues({ ...values, minWorkers })} error={errors.minWorkers} />
            <TextField label="Max workers" type="number" min={1} value={values.maxWorkers} onChange={(maxWorkers) => setValues({ ...values, maxWorkers })} error={errors.maxWorkers} />
          </div>
        ) : (
          <TextField label="Workers" type="number" min={0} value={values.numWorkers} onChange={(numWorkers) => setValues({ ...values, numWorkers })} error={errors.numWorkers} />
        )}
        <ErrorAlert error={resize.error} />
      </div>
    </Dialog>
  );
}
