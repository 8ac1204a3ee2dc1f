/** An access control list (Permissions API 2.0) as the rows of the permissions editor, and back. */
import type { AccessControl } from "../api/types";

export interface PermissionRow {
  principal: "user_name" | "group_name";
  name: string;
  level: string;
  /** Shown but not editable: a job's owner, a cluster's creator (the server keeps them anyway). */
  fixed: boolean;
}

/** The entries granted on the object itself; inherited ones (admins) are not the object's to change. */
export function toRows(acl: AccessControl[], isFixed: (entry: AccessControl, level: string) => boolean = () => false): PermissionRow[] {
  return acl
    .map((entry) => {
      const level = entry.permission_level ?? entry.all_permissions?.find((p) => !p.inherited)?.permission_level ?? "";
      return {
        principal: (entry.group_name ? "group_name" : "user_name") as PermissionRow["principal"],
        name: entry.group_name ?? entry.user_name ?? "",
        level,
        fixed: isFixed(entry, level),
      };
    })
    .filter((row) => row.name && row.level);
}

/** The PUT body's access_control_list: the rows with a principal named. */
export function toAcl(rows: PermissionRow[]): AccessControl[] {
  return rows.filter((row) => row.name.trim()).map((row) => ({ [row.principal]: row.name.trim(), permission_level: row.level }));
}
