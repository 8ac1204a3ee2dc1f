import { describe, expect, it } from "vitest";
import type { ClusterDetails } from "../../queries/clusterApi";
import { describeAutotermination, describeSize, emptyForm, formFromCluster, specFromForm, validateForm, type ClusterFormValues } from "./clusterForm";

const buildForm = (patch: Partial<ClusterFormValues> = {}): ClusterFormValues => ({
  ...emptyForm({ sparkVersion: "python-3.11", nodeTypeId: "lakeflow-local" }),
  clusterName: "analytics",
  ...patch,
});

const buildCluster = (spec: Partial<NonNullable<ClusterDetails["spec"]>>): ClusterDetails => ({
  cluster_id: "1125-070000-abcdefgh",
  cluster_name: spec.cluster_name ?? "analytics",
  state: "RUNNING",
  spec: { cluster_name: "analytics", spark_version: "python-3.11", autotermination_minutes: 60, ...spec },
});

describe("specFromForm", () => {
  it("sends a fixed size as num_workers, with the env vars and tags that have a key", () => {
    const spec = specFromForm(
      buildForm({
        numWorkers: "3",
        autoterminationMinutes: "45",
        envVars: [{ key: " MODE ", value: "prod" }, { key: "", value: "ignored" }],
        customTags: [{ key: "team", value: "data" }],
      }),
    );
    expect(spec).toEqual({
      cluster_name: "analytics",
      spark_version: "python-3.11",
      node_type_id: "lakeflow-local",
      num_workers: 3,
      autotermination_minutes: 45,
      spark_env_vars: { MODE: "prod" },
      custom_tags: { team: "data" },
    });
  });

  it("sends autoscale instead of num_workers when autoscaling", () => {
    const spec = specFromForm(buildForm({ autoscale: true, minWorkers: "1", maxWorkers: "4" }));
    expect(spec.autoscale).toEqual({ min_workers: 1, max_workers: 4 });
    expect(spec).not.toHaveProperty("num_workers");
  });

  it("keeps the fields of an edited cluster the form does not show, and drops the ones it replaces", () => {
    const base = { spark_conf: { "spark.x": "1" }, data_security_mode: "SINGLE_USER", autoscale: { min_workers: 1, max_workers: 2 }, spark_env_vars: { OLD: "1" } };
    const spec = specFromForm(buildForm({ numWorkers: "2" }), base);
    expect(spec.spark_conf).toEqual({ "spark.x": "1" });
    expect(spec.data_security_mode).toBe("SINGLE_USER");
    expect(spec).not.toHaveProperty("autoscale");
    expect(spec).not.toHaveProperty("spark_env_vars");
    expect(spec.num_workers).toBe(2);
  });
});

describe("formFromCluster", () => {
  it.each([
    [{ num_workers: 2 }, { autoscale: false, numWorkers: "2" }],
    [{ autoscale: { min_workers: 2, max_workers: 5 } }, { autoscale: true, minWorkers: "2", maxWorkers: "5" }],
  ])("reads the size %j", (size, expected) => {
    expect(formFromCluster(buildCluster(size))).toMatchObject(expected);
  });

  it("round-trips through specFromForm", () => {
    const cluster = buildCluster({ num_workers: 1, node_type_id: "lakeflow-local", spark_env_vars: { A: "1" }, custom_tags: { t: "x" } });
    expect(specFromForm(formFromCluster(cluster), cluster.spec)).toEqual(cluster.spec);
  });
});

describe("validateForm", () => {
  it("accepts a complete form", () => {
    expect(validateForm(buildForm())).toEqual({});
  });

  it.each<[Partial<ClusterFormValues>, keyof ClusterFormValues]>([
    [{ clusterName: "  " }, "clusterName"],
    [{ sparkVersion: "" }, "sparkVersion"],
    [{ numWorkers: "-1" }, "numWorkers"],
    [{ numWorkers: "1.5" }, "numWorkers"],
    [{ autoscale: true, minWorkers: "3", maxWorkers: "2" }, "maxWorkers"],
    [{ autoscale: true, maxWorkers: "0" }, "maxWorkers"],
    [{ autoterminationMinutes: "5" }, "autoterminationMinutes"],
    [{ autoterminationMinutes: "10001" }, "autoterminationMinutes"],
  ])("flags %j on %s", (patch, field) => {
    expect(Object.keys(validateForm(buildForm(patch)))).toEqual([field]);
  });

  it("allows 0 minutes (never terminate)", () => {
    expect(validateForm(buildForm({ autoterminationMinutes: "0" }))).toEqual({});
  });
});

describe("descriptions", () => {
  it.each([
    [{ num_workers: 0 }, "Single node"],
    [{ num_workers: 1 }, "1 worker"],
    [{ num_workers: 3 }, "3 workers"],
    [{ autoscale: { min_workers: 1, max_workers: 4 } }, "1–4 workers (autoscale)"],
  ])("describes the size %j", (size, text) => {
    expect(describeSize(size)).toBe(text);
  });

  it("describes autotermination", () => {
    expect(describeAutotermination(0)).toBe("Never");
    expect(describeAutotermination(30)).toBe("After 30 min idle");
  });
});
