import { useEffect, useState } from "react";
import { Plus, X } from "lucide-react";
import type { UseQueryResult } from "@tanstack/react-query";
import type { AccessControl } from "../api/types";
import { Button } from "./Button";
import { ErrorAlert } from "./ErrorAlert";
import { Spinner } from "./Spinner";
import { toAcl, toRows, type PermissionRow } from "./permissionRows";

interface PermissionsEditorProps {
  /** The object's access control list (GET /api/2.0/permissions/<objects>/<id>). */
  acl: UseQueryResult<AccessControl[]>;
  /** The levels offered, lowest first; a new row starts at the first. */
  levels: readonly string[];
  /** Entries shown but not editable (the job's owner, the cluster's creator). */
  isFixed?: (entry: AccessControl, level: string) => boolean;
  onSave: (acl: AccessControl[]) => void;
  saving: boolean;
  saveError: unknown;
}

const words = (level: string) => level.replaceAll("_", " ").toLowerCase();

/** Who holds which level on a job or a cluster; saved with its own button (PUT replaces the list). */
export function PermissionsEditor({ acl, levels, isFixed, onSave, saving, saveError }: PermissionsEditorProps) {
  const [rows, setRows] = useState<PermissionRow[]>([]);
  useEffect(() => {
    if (acl.data) setRows(toRows(acl.data, isFixed));
  }, [acl.data, isFixed]);
  if (acl.isPending) return <Spinner />;
  const update = (index: number, patch: Partial<PermissionRow>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="col">
      <ErrorAlert error={acl.error ?? saveError} />
      {rows.map((row, index) => (
        <div key={index} className="row">
          <select className="select" style={{ width: 90 }} aria-label={`Principal kind ${index + 1}`} value={row.principal} onChange={(e) => update(index, { principal: e.target.value as PermissionRow["principal"] })} disabled={row.fixed}>
            <option value="user_name">User</option>
            <option value="group_name">Group</option>
          </select>
          <input className="input" aria-label={`Principal ${index + 1}`} value={row.name} onChange={(e) => update(index, { name: e.target.value })} disabled={row.fixed} />
          <select className="select" style={{ width: 160 }} aria-label={`Permission ${index + 1}`} value={row.level} onChange={(e) => update(index, { level: e.target.value })} disabled={row.fixed}>
            {(levels.includes(row.level) ? levels : [row.level, ...levels]).map((level) => (
              <option key={level} value={level}>{words(level)}</option>
            ))}
          </select>
          <Button variant="ghost" size="sm" icon={<X size={14} />} label={`Remove ${row.name}`} onClick={() => setRows(rows.filter((_, i) => i !== index))} disabled={row.fixed} />
        </div>
      ))}
      <div className="row">
        <Button size="sm" icon={<Plus size={14} />} onClick={() => setRows([...rows, { principal: "user_name", name: "", level: levels[0], fixed: false }])}>Add</Button>
        <div className="spacer" />
        <Button size="sm" variant="primary" disabled={saving} onClick={() => onSave(toAcl(rows))}>
          Save permissions
        </Button>
      </div>
    </div>
  );
}
