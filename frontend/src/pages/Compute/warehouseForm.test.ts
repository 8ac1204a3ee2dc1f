import { describe, expect, it } from "vitest";
import type { WarehouseDetails } from "../../queries/clusterApi";
import { validateWarehouse, warehouseBody, warehouseForm, type WarehouseFormValues } from "./warehouseForm";

const buildForm = (patch: Partial<WarehouseFormValues> = {}): WarehouseFormValues => ({ ...warehouseForm(), name: "reporting", ...patch });

describe("warehouseForm", () => {
  it.each<[string, WarehouseDetails | undefined, WarehouseFormValues]>([
    ["a new warehouse: the defaults", undefined, { name: "", size: "2X-Small", autoStop: "120" }],
    ["an existing one: its values", { id: "abc", name: "reporting", cluster_size: "Medium", auto_stop_mins: 0 }, { name: "reporting", size: "Medium", autoStop: "0" }],
  ])("fills %s", (_what, warehouse, values) => {
    expect(warehouseForm(warehouse)).toEqual(values);
  });
});

describe("validateWarehouse", () => {
  it.each<[Partial<WarehouseFormValues>, object]>([
    [{}, {}],
    [{ name: "  " }, { name: "Give the warehouse a name." }],
    [{ name: "x".repeat(101) }, { name: "At most 100 characters." }],
    [{ autoStop: "0" }, {}],
    [{ autoStop: "10" }, {}],
    [{ autoStop: "5" }, { autoStop: "0 (never) or at least 10 minutes." }],
    [{ autoStop: "-1" }, { autoStop: "0 (never) or at least 10 minutes." }],
    [{ autoStop: "" }, { autoStop: "0 (never) or at least 10 minutes." }],
  ])("finds in %j: %j", (patch, errors) => {
    expect(validateWarehouse(buildForm(patch))).toEqual(errors);
  });
});

describe("warehouseBody", () => {
  it("sends the trimmed name, the size and the minutes as a number", () => {
    expect(warehouseBody(buildForm({ name: " bi ", size: "Small", autoStop: "30" }))).toEqual({ name: "bi", cluster_size: "Small", auto_stop_mins: 30 });
  });
});
