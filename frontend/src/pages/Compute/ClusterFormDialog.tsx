import { useMemo, useState } from "react";
import { FormDialog } from "../../components/FormDialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { KeyValueEditor } from "../../components/KeyValueEditor";
import { SelectField } from "../../components/SelectField";
import { Switch } from "../../components/Switch";
import { TextField } from "../../components/TextField";
import { toast } from "../../components/toastStore";
import type { ClusterDetails } from "../../queries/clusterApi";
import { useClusterOptions } from "../../queries/useClusterOptions";
import { useCreateCluster, useEditCluster } from "../../queries/useClusterMutations";
import { emptyForm, formFromCluster, specFromForm, validateForm, type ClusterFormValues, type FormErrors } from "./clusterForm";

interface ClusterFormDialogProps {
  /** The cluster to edit; none: create a new one. */
  cluster?: ClusterDetails;
  onClose: () => void;
  onSaved?: (clusterId: string) => void;
}

/** Create or edit an all-purpose cluster (clusters/create, clusters/edit). */
export function ClusterFormDialog({ cluster, onClose, onSaved }: ClusterFormDialogProps) {
  const options = useClusterOptions();
  const create = useCreateCluster();
  const edit = useEditCluster();
  const [values, setValues] = useState<ClusterFormValues>(() => (cluster ? formFromCluster(cluster) : emptyForm()));
  const [errors, setErrors] = useState<FormErrors>({});
  const set = (patch: Partial<ClusterFormValues>) => setValues((current) => ({ ...current, ...patch }));

  const versions = useMemo(
    () => (options.data?.sparkVersions ?? []).map((v) => ({ value: v.key, label: v.name })),
    [options.data],
  );
  const nodeTypes = useMemo(
    () => (options.data?.nodeTypes ?? []).map((n) => ({ value: n.node_type_id, label: n.node_type_id })),
    [options.data],
  );
  // Fill the runtime and node type with the first offered once the options arrive.
  const sparkVersion = values.sparkVersion || versions[0]?.value || "";
  const nodeTypeId = values.nodeTypeId || nodeTypes[0]?.value || "";
  const pending = create.isPending || edit.isPending;

  const submit = () => {
    const complete = { ...values, sparkVersion, nodeTypeId };
    const found = validateForm(complete);
    setErrors(found);
    if (Object.keys(found).length) return;
    if (cluster) {
      const spec = specFromForm(complete, cluster.spec ?? {});
      edit.mutate(
        { clusterId: cluster.cluster_id, spec },
        {
          onSuccess: () => {
            toast(cluster.state === "RUNNING" ? "Saved; the cluster restarts to apply it" : "Cluster saved", "success");
            onSaved?.(cluster.cluster_id);
            onClose();
          },
        },
      );
    } else {
      create.mutate(specFromForm(complete), {
        onSuccess: ({ cluster_id }) => {
          toast("Cluster created; it is starting", "success");
          onSaved?.(cluster_id);
          onClose();
        },
      });
    }
  };

  return (
    <FormDialog
      title={cluster ? `Edit ${cluster.cluster_name}` : "Create cluster"}
      onClose={onClose}
      wide
      onSubmit={submit}
      submitLabel={cluster ? "Save" : "Create cluster"}
      submitDisabled={pending}
    >
        <TextField
          label="Cluster name"
          value={values.clusterName}
          onChange={(clusterName) => set({ clusterName })}
          error={errors.clusterName}
          placeholder="e.g. analytics"
          autoFocus
        />
        <div className="grid-2">
          <SelectField
            label="Runtime (spark_version)"
            value={sparkVersion}
            options={versions}
            onChange={(v) => set({ sparkVersion: v })}
            error={errors.sparkVersion}
            disabled={options.isPending}
          />
          <SelectField
            label="Node type"
            value={nodeTypeId}
            options={nodeTypes}
            onChange={(v) => set({ nodeTypeId: v })}
            disabled={options.isPending}
          />
        </div>
        <div className="form-section col">
          <Switch label="Autoscaling" checked={values.autoscale} onChange={(autoscale) => set({ autoscale })} />
          {values.autoscale ? (
            <div className="grid-2">
              <TextField label="Min workers" type="number" min={0} value={values.minWorkers} onChange={(minWorkers) => set({ minWorkers })} error={errors.minWorkers} />
              <TextField label="Max workers" type="number" min={1} value={values.maxWorkers} onChange={(maxWorkers) => set({ maxWorkers })} error={errors.maxWorkers} />
            </div>
          ) : (
            <div className="grid-2">
              <TextField
                label="Workers"
                type="number"
                min={0}
                value={values.numWorkers}
                onChange={(numWorkers) => set({ numWorkers })}
                error={errors.numWorkers}
                hint="0: a single-node cluster (one worker process)."
              />
            </div>
          )}
          <div className="grid-2">
            <TextField
              label="Terminate after (minutes idle)"
              type="number"
              min={0}
              value={values.autoterminationMinutes}
              onChange={(autoterminationMinutes) => set({ autoterminationMinutes })}
              error={errors.autoterminationMinutes}
              hint="0: never."
            />
          </div>
        </div>
        <div className="form-section col">
          <KeyValueEditor label="Environment variables" pairs={values.envVars} onChange={(envVars) => set({ envVars })} keyLabel="Name" addLabel="Add variable" />
          <KeyValueEditor label="Tags" pairs={values.customTags} onChange={(customTags) => set({ customTags })} addLabel="Add tag" />
        </div>
        <ErrorAlert error={options.error ?? create.error ?? edit.error} />
        <button type="submit" hidden />
    </FormDialog>
  );
}
