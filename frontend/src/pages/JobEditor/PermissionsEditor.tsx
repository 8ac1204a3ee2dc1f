import { useEffect, useState } from "react";
import { Plus, X } from "lucide-react";
import type { AccessControl } from "../../api/types";
import { Button } from "../../components/Button";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Spinner } from "../../components/Spinner";
import { toast } from "../../components/toastStore";
import { useJobPermissions } from "../../queries/useJobPermissions";
import { useSetJobPermissions } from "../../queries/useSetJobPermissions";

const LEVELS = ["CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE", "IS_OWNER"];

interface Row {
  principal: "user_name" | "group_name";
  name: string;
  level: string;
}

function toRows(acl: AccessControl[]): Row[] {
  return acl
    .map((entry) => ({
      principal: (entry.group_name ? "group_name" : "user_name") as Row["principal"],
      name: entry.group_name ?? entry.user_name ?? "",
      level: entry.permission_level ?? entry.all_permissions?.find((p) => !p.inherited)?.permission_level ?? "",
    }))
    .filter((row) => row.name && row.level);
}

/** Who may view, run or manage the job (saved with its own button: it is not a job version). */
export function PermissionsEditor({ jobId }: { jobId: number }) {
  const acl = useJobPermissions(jobId);
  const save = useSetJobPermissions();
  const [rows, setRows] = useState<Row[]>([]);
  useEffect(() => {
    if (acl.data) setRows(toRows(acl.data));
  }, [acl.data]);
  if (acl.isPending) return <Spinner />;
  const update = (index: number, patch: Partial<Row>) => setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="col">
      <ErrorAlert error={acl.error ?? save.error} />
      {rows.map((row, index) => (
        <div key={index} className="row">
          <select className="select" style={{ width: 90 }} aria-label={`Principal kind ${index + 1}`} value={row.principal} onChange={(e) => update(index, { principal: e.target.value as Row["principal"] })}>
            <option value="user_name">User</option>
            <option value="group_name">Group</option>
          </select>
          <input className="input" aria-label={`Principal ${index + 1}`} value={row.name} onChange={(e) => update(index, { name: e.target.value })} disabled={row.level === "IS_OWNER"} />
          <select className="select" style={{ width: 160 }} aria-label={`Permission ${index + 1}`} value={row.level} onChange={(e) => update(index, { level: e.target.value })}>
            {LEVELS.map((level) => (
              <option key={level} value={level}>{level.replaceAll("_", " ").toLowerCase()}</option>
            ))}
          </select>
          <Button variant="ghost" size="sm" icon={<X size={14} />} label={`Remove ${row.name}`} onClick={() => setRows(rows.filter((_, i) => i !== index))} disabled={row.level === "IS_OWNER"} />
        </div>
      ))}
      <div className="row">
        <Button size="sm" icon={<Plus size={14} />} onClick={() => setRows([...rows, { principal: "user_name", name: "", level: "CAN_VIEW" }])}>Add</Button>
        <div className="spacer" />
        <Button
          size="sm"
          variant="primary"
          disabled={save.isPending}
          onClick={() =>
            save.mutate(
              { jobId, acl: rows.filter((row) => row.name).map((row) => ({ [row.principal]: row.name, permission_level: row.level })) },
              { onSuccess: () => toast("Permissions saved", "success") },
            )
          }
        >
          Save permissions
        </Button>
      </div>
    </div>
  );
}
