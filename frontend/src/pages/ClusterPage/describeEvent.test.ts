import { describe, expect, it } from "vitest";
import { describeEvent } from "./describeEvent";

const buildEvent = (type: string, details: Record<string, unknown>) => ({ cluster_id: "c", timestamp: 1, type, details });

describe("describeEvent", () => {
  it.each([
    [buildEvent("RESIZING", { cause: "USER_REQUEST", user: "ann", previous_cluster_size: { num_workers: 1 }, cluster_size: { num_workers: 3 }, target_num_workers: 3 }), "1 worker → 3 workers · target 3 · user request · by ann"],
    [buildEvent("CREATING", { user: "ann", cluster_size: { autoscale: { min_workers: 1, max_workers: 4 } } }), "1–4 workers · by ann"],
    [buildEvent("TERMINATING", { reason: { code: "INACTIVITY", parameters: {} } }), "reason: INACTIVITY"],
    [buildEvent("RUNNING", {}), "—"],
  ])("summarises %j", (event, text) => {
    expect(describeEvent(event)).toBe(text);
  });
});
