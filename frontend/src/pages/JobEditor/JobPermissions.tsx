import type { AccessControl } from "../../api/types";
import { PermissionsEditor } from "../../components/PermissionsEditor";
import { toast } from "../../components/toastStore";
import { useJobPermissions } from "../../queries/useJobPermissions";
import { useSetJobPermissions } from "../../queries/useSetJobPermissions";

const LEVELS = ["CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE", "IS_OWNER"];

/** The owner's row stays as it is (ownership moves by naming another user IS_OWNER). */
const isOwner = (_entry: AccessControl, level: string) => level === "IS_OWNER";

/** Who may view, run or manage the job (saved with its own button: it is not a job version). */
export function JobPermissions({ jobId }: { jobId: number }) {
  const acl = useJobPermissions(jobId);
  const save = useSetJobPermissions();
  return (
    <PermissionsEditor
      acl={acl}
      levels={LEVELS}
      isFixed={isOwner}
      saving={save.isPending}
      saveError={save.error}
      onSave={(list) => save.mutate({ jobId, acl: list }, { onSuccess: () => toast("Permissions saved", "success") })}
    />
  );
}
