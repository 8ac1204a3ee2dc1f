/** The cluster form's values and their mapping to and from the Clusters API spec (pure). */
import { fromPairs, toPairs } from "../../components/KeyValueEditor";
import type { ClusterDetails, ClusterSpecBody } from "../../queries/clusterApi";

export interface Pair {
  key: string;
  value: string;
}

export interface ClusterFormValues {
  clusterName: string;
  sparkVersion: string;
  nodeTypeId: string;
  autoscale: boolean;
  numWorkers: string;
  minWorkers: string;
  maxWorkers: string;
  autoterminationMinutes: string;
  envVars: Pair[];
  customTags: Pair[];
}

export type FormErrors = Partial<Record<keyof ClusterFormValues, string>>;

/** Spec fields the form owns; every other field of an edited cluster is sent back unchanged. */
const OWNED = [
  "cluster_name",
  "spark_version",
  "node_type_id",
  "num_workers",
  "autoscale",
  "autotermination_minutes",
  "spark_env_vars",
  "custom_tags",
] as const;

export const AUTOTERMINATION_MIN = 10;
export const AUTOTERMINATION_MAX = 10000;

export function emptyForm(defaults: { sparkVersion?: string; nodeTypeId?: string } = {}): ClusterFormValues {
  return {
    clusterName: "",
    sparkVersion: defaults.sparkVersion ?? "",
    nodeTypeId: defaults.nodeTypeId ?? "",
    autoscale: false,
    numWorkers: "1",
    minWorkers: "1",
    maxWorkers: "2",
    autoterminationMinutes: "120",
    envVars: [],
    customTags: [],
  };
}

/** The form for editing `cluster`: its spec as the user gave it (clusters/get's `spec`). */
export function formFromCluster(cluster: ClusterDetails): ClusterFormValues {
  const spec = (cluster.spec ?? cluster) as Partial<ClusterSpecBody>;
  const autoscale = spec.autoscale;
  return {
    clusterName: spec.cluster_name ?? cluster.cluster_name ?? "",
    sparkVersion: spec.spark_version ?? "",
    nodeTypeId: spec.node_type_id ?? "",
    autoscale: Boolean(autoscale),
    numWorkers: String(autoscale ? 1 : (spec.num_workers ?? 0)),
    minWorkers: String(autoscale?.min_workers ?? 1),
    maxWorkers: String(autoscale?.max_workers ?? 2),
    autoterminationMinutes: String(spec.autotermination_minutes ?? 0),
    envVars: toPairs(spec.spark_env_vars),
    customTags: toPairs(spec.custom_tags),
  };
}

const wholeNumber = (text: string): number | null => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);

/** Field errors, checked as the server does (the server checks again and has the last word). */
export function validateForm(values: ClusterFormValues): FormErrors {
  const errors: FormErrors = {};
  if (!values.clusterName.trim()) errors.clusterName = "Give the cluster a name.";
  if (!values.sparkVersion) errors.sparkVersion = "Choose a runtime.";
  if (values.autoscale) {
    const low = wholeNumber(values.minWorkers);
    const high = wholeNumber(values.maxWorkers);
    if (low === null) errors.minWorkers = "A whole number, 0 or more.";
    if (high === null || high < 1) errors.maxWorkers = "A whole number, 1 or more.";
    else if (low !== null && low > high) errors.maxWorkers = "Must be at least the minimum.";
  } else if (wholeNumber(values.numWorkers) === null) {
    errors.numWorkers = "A whole number, 0 or more.";
  }
  const minutes = wholeNumber(values.autoterminationMinutes);
  if (minutes === null || (minutes !== 0 && (minutes < AUTOTERMINATION_MIN || minutes > AUTOTERMINATION_MAX))) {
    errors.autoterminationMinutes = `0 (never) or ${AUTOTERMINATION_MIN}–${AUTOTERMINATION_MAX} minutes.`;
  }
  return errors;
}

/** The clusters/create (or edit) body. `base`: the edited cluster's spec, whose fields the form
 * does not show (spark_conf, data_security_mode, ...) are kept. */
export function specFromForm(values: ClusterFormValues, base: Partial<ClusterSpecBody> = {}): ClusterSpecBody {
  const kept = Object.fromEntries(Object.entries(base).filter(([name]) => !(OWNED as readonly string[]).includes(name)));
  const spec: ClusterSpecBody = {
    ...kept,
    cluster_name: values.clusterName.trim(),
    spark_version: values.sparkVersion,
    autotermination_minutes: Number(values.autoterminationMinutes),
  };
  if (values.nodeTypeId) spec.node_type_id = values.nodeTypeId;
  if (values.autoscale) {
    spec.autoscale = { min_workers: Number(values.minWorkers), max_workers: Number(values.maxWorkers) };
  } else {
    spec.num_workers = Number(values.numWorkers);
  }
  const env = fromPairs(values.envVars);
  if (Object.keys(env).length) spec.spark_env_vars = env;
  const tags = fromPairs(values.customTags);
  if (Object.keys(tags).length) spec.custom_tags = tags;
  return spec;
}

/** The size in words: "2 workers", "1–4 workers (autoscale)", "Single node". */
export function describeSize(cluster: Pick<ClusterDetails, "num_workers" | "autoscale">): string {
  if (cluster.autoscale) return `${cluster.autoscale.min_workers}–${cluster.autoscale.max_workers} workers (autoscale)`;
  const workers = cluster.num_workers ?? 0;
  if (workers === 0) return "Single node";
  return workers === 1 ? "1 worker" : `${workers} workers`;
}

export function describeAutotermination(minutes: number | undefined): string {
  return minutes ? `After ${minutes} min idle` : "Never";
}
