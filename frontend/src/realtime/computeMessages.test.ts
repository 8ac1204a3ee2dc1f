import { describe, expect, it } from "vitest";
import type { ClusterDetails, ClusterEvent, WarehouseDetails } from "../queries/clusterApi";
import { applyToClusterList, applyToEvents, applyToWarehouseList, parseComputeMessage } from "./computeMessages";

const buildCluster = (id: string, state = "RUNNING"): ClusterDetails => ({ cluster_id: id, cluster_name: id, state });
const buildWarehouse = (id: string, name: string, state = "RUNNING"): WarehouseDetails => ({ id, name, state });
const buildEvent = (timestamp: number, type = "RUNNING"): ClusterEvent => ({ cluster_id: "c", timestamp, type, details: {} });

describe("applyToClusterList", () => {
  const list = { clusters: [buildCluster("a"), buildCluster("b")] };

  it("replaces an updated cluster in place", () => {
    const next = applyToClusterList(list, { type: "cluster.updated", cluster: buildCluster("b", "TERMINATED") });
    expect(next?.clusters?.map((c) => [c.cluster_id, c.state])).toEqual([["a", "RUNNING"], ["b", "TERMINATED"]]);
  });

  it("puts a new cluster first (clusters/list is newest first)", () => {
    const next = applyToClusterList(list, { type: "cluster.updated", cluster: buildCluster("new", "PENDING") });
    expect(next?.clusters?.map((c) => c.cluster_id)).toEqual(["new", "a", "b"]);
  });

  it("drops a deleted cluster and ignores warehouse messages", () => {
    expect(applyToClusterList(list, { type: "cluster.deleted", cluster_id: "a" })?.clusters?.map((c) => c.cluster_id)).toEqual(["b"]);
    expect(applyToClusterList(list, { type: "warehouse.deleted", id: "a" })).toBe(list);
  });

  it("leaves an empty cache empty (the REST read brings the news)", () => {
    expect(applyToClusterList(undefined, { type: "cluster.updated", cluster: buildCluster("a") })).toBeUndefined();
  });
});

describe("applyToWarehouseList", () => {
  const list = { warehouses: [buildWarehouse("1", "alpha"), buildWarehouse("2", "gamma")] };

  it("updates a warehouse and keeps the list in name order when one is added", () => {
    const stopped = applyToWarehouseList(list, { type: "warehouse.updated", warehouse: buildWarehouse("2", "gamma", "STOPPED") });
    expect(stopped?.warehouses?.map((w) => w.state)).toEqual(["RUNNING", "STOPPED"]);
    const added = applyToWarehouseList(list, { type: "warehouse.updated", warehouse: buildWarehouse("3", "beta") });
    expect(added?.warehouses?.map((w) => w.name)).toEqual(["alpha", "beta", "gamma"]);
  });

  it("drops a deleted warehouse", () => {
    expect(applyToWarehouseList(list, { type: "warehouse.deleted", id: "1" })?.warehouses?.map((w) => w.id)).toEqual(["2"]);
  });
});

describe("applyToEvents", () => {
  it("adds a new event on top once", () => {
    const page = { events: [buildEvent(1, "CREATING")], total_count: 1 };
    const once = applyToEvents(page, { type: "cluster.event", cluster_id: "c", event: buildEvent(2) });
    expect(once?.events?.map((e) => e.timestamp)).toEqual([2, 1]);
    expect(once?.total_count).toBe(2);
    expect(applyToEvents(once, { type: "cluster.event", cluster_id: "c", event: buildEvent(2) })).toBe(once);
  });
});

describe("parseComputeMessage", () => {
  it("reads a typed message and rejects anything else", () => {
    expect(parseComputeMessage('{"type":"cluster.deleted","cluster_id":"x"}')).toEqual({ type: "cluster.deleted", cluster_id: "x" });
    expect(parseComputeMessage("not json")).toBeNull();
    expect(parseComputeMessage('{"no":"type"}')).toBeNull();
  });
});
