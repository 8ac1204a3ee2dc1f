import { describe, expect, it } from "vitest";
import type { AccessControl } from "../api/types";
import { toAcl, toRows, type PermissionRow } from "./permissionRows";

const row = (patch: Partial<PermissionRow>): PermissionRow => ({ principal: "user_name", name: "ann", level: "CAN_VIEW", fixed: false, ...patch });

describe("toRows", () => {
  it.each<[string, AccessControl, PermissionRow[]]>([
    ["a user's direct level", { user_name: "ann", permission_level: "CAN_MANAGE_RUN" }, [row({ level: "CAN_MANAGE_RUN" })]],
    ["a group's level from all_permissions", { group_name: "data", all_permissions: [{ permission_level: "CAN_RESTART" }] }, [row({ principal: "group_name", name: "data", level: "CAN_RESTART" })]],
    ["an inherited level: dropped", { group_name: "admins", all_permissions: [{ permission_level: "CAN_MANAGE", inherited: true }] }, []],
    ["an entry without a principal: dropped", { permission_level: "CAN_VIEW" }, []],
  ])("reads %s", (_what, entry, rows) => {
    expect(toRows([entry])).toEqual(rows);
  });

  it("marks the rows the caller says are fixed", () => {
    const acl: AccessControl[] = [
      { user_name: "owner", permission_level: "IS_OWNER" },
      { user_name: "ann", permission_level: "CAN_VIEW" },
    ];
    expect(toRows(acl, (_entry, level) => level === "IS_OWNER").map((r) => r.fixed)).toEqual([true, false]);
  });
});

describe("toAcl", () => {
  it.each<[string, PermissionRow[], AccessControl[]]>([
    ["a user", [row({ name: " ann " })], [{ user_name: "ann", permission_level: "CAN_VIEW" }]],
    ["a group", [row({ principal: "group_name", name: "data", level: "CAN_ATTACH_TO" })], [{ group_name: "data", permission_level: "CAN_ATTACH_TO" }]],
    ["a fixed row, sent back", [row({ name: "owner", level: "IS_OWNER", fixed: true })], [{ user_name: "owner", permission_level: "IS_OWNER" }]],
    ["a row left unnamed: skipped", [row({ name: "  " })], []],
  ])("writes %s", (_what, rows, acl) => {
    expect(toAcl(rows)).toEqual(acl);
  });
});
