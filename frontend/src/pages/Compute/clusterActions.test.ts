import { describe, expect, it } from "vitest";
import type { ClusterLevel } from "../../queries/clusterApi";
import { canDeleteWarehouse, canManageWarehouse, clusterActions, type ClusterAction } from "./clusterActions";

const visible = (level: ClusterLevel | null, state = "RUNNING", source = "UI") =>
  Object.entries(clusterActions(level, state, source))
    .filter(([, s]) => s.visible)
    .map(([action]) => action)
    .sort();

const enabled = (state: string) =>
  Object.entries(clusterActions("CAN_MANAGE", state, "UI"))
    .filter(([, s]) => s.enabled)
    .map(([action]) => action as ClusterAction)
    .sort();

describe("clusterActions", () => {
  it.each<[ClusterLevel | null, string[]]>([
    [null, []],
    ["CAN_ATTACH_TO", []],
    ["CAN_RESTART", ["restart", "start", "terminate"]],
    ["CAN_MANAGE", ["delete", "edit", "resize", "restart", "start", "terminate"]],
  ])("shows a %s user the actions of that level", (level, actions) => {
    expect(visible(level)).toEqual(actions);
  });

  it.each<[string, ClusterAction[]]>([
    ["TERMINATED", ["delete", "edit", "start"]],
    ["ERROR", ["delete", "edit", "start", "terminate"]],
    ["PENDING", ["delete", "terminate"]],
    ["RUNNING", ["delete", "edit", "resize", "restart", "terminate"]],
    ["RESIZING", ["delete", "terminate"]],
    ["TERMINATING", ["delete"]],
  ])("enables in %s only what that state accepts", (state, actions) => {
    expect(enabled(state)).toEqual(actions);
  });

  it("offers only terminate and delete on a job cluster, which its run owns", () => {
    expect(visible("CAN_MANAGE", "RUNNING", "JOB")).toEqual(["delete", "terminate"]);
  });
});

describe("canManageWarehouse", () => {
  it.each([
    [{ is_admin: true, user_name: "admin" }, "someone", true],
    [{ is_admin: false, user_name: "ann" }, "ann", true],
    [{ is_admin: false, user_name: "ann" }, "bob", false],
    [undefined, "ann", false],
  ])("%j on a warehouse of %s: %s", (me, creator, expected) => {
    expect(canManageWarehouse(me, creator)).toBe(expected);
  });
});

describe("canDeleteWarehouse", () => {
  it.each([
    [{ is_admin: true, user_name: "admin" }, "reporting", "ann", true],
    [{ is_admin: false, user_name: "ann" }, "reporting", "ann", true],
    [{ is_admin: false, user_name: "bob" }, "reporting", "ann", false],
    [{ is_admin: true, user_name: "admin" }, "default", "lakeflow", false],
  ])("%j on warehouse %s of %s: %s", (me, id, creator, expected) => {
    expect(canDeleteWarehouse(me, { id, creator_name: creator })).toBe(expected);
  });
});
