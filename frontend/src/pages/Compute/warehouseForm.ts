/** The SQL warehouse form: its values from a warehouse, checks as the server makes them, and the
 * sql/warehouses create/edit body (the server checks again and has the last word). */
import type { WarehouseBody, WarehouseDetails } from "../../queries/clusterApi";

/** The sizes the server accepts (compute/models/warehouses.py CLUSTER_SIZES). */
export const WAREHOUSE_SIZES = ["2X-Small", "X-Small", "Small", "Medium", "Large", "X-Large", "2X-Large", "3X-Large", "4X-Large", "5X-Large"];

export interface WarehouseFormValues {
  name: string;
  size: string;
  autoStop: string;
}

export type WarehouseErrors = Partial<Record<keyof WarehouseFormValues, string>>;

export function warehouseForm(warehouse?: WarehouseDetails): WarehouseFormValues {
  return {
    name: warehouse?.name ?? "",
    size: warehouse?.cluster_size ?? WAREHOUSE_SIZES[0],
    autoStop: String(warehouse?.auto_stop_mins ?? 120),
  };
}

export function validateWarehouse(values: WarehouseFormValues): WarehouseErrors {
  const errors: WarehouseErrors = {};
  if (!values.name.trim()) errors.name = "Give the warehouse a name.";
  else if (values.name.trim().length > 100) errors.name = "At most 100 characters.";
  const minutes = /^\s*\d+\s*$/.test(values.autoStop) ? Number(values.autoStop) : null;
  if (minutes === null || (minutes > 0 && minutes < 10)) errors.autoStop = "0 (never) or at least 10 minutes.";
  return errors;
}

export function warehouseBody(values: WarehouseFormValues): WarehouseBody {
  return { name: values.name.trim(), cluster_size: values.size, auto_stop_mins: Number(values.autoStop) };
}
