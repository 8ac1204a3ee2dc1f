import { X } from "lucide-react";
import { Button } from "../../../components/Button";
import { useJobName } from "../../../queries/useJobName";

/** One watched job: its name (looked up by id) and a remove button. */
export function MonitoredJobRow({ jobId, onRemove }: { jobId: string; onRemove: () => void }) {
  const name = useJobName(Number(jobId));
  const label = name.data ?? (name.isError ? `Job #${jobId} (not found)` : `Job #${jobId}`);
  return (
    <div className="list-row" data-testid={`monitored-job-${jobId}`}>
      <span>
        {label} <span className="subtle">#{jobId}</span>
      </span>
      <Button variant="ghost" size="sm" icon={<X size={14} />} label={`Stop watching ${label}`} onClick={onRemove} />
    </div>
  );
}
