import { AlertTriangle } from "lucide-react";
import { formatTime } from "../../utils/format";
import type { DurationWarning } from "./runTypes";

/** A RUN_DURATION_SECONDS health rule that fired: the run's (in the header) or a task's (in its
 * panel). */
export function DurationWarningAlert({ warning, fallback, testId }: { warning: DurationWarning; fallback: string; testId: string }) {
  return (
    <div className="alert warning run-warning" role="status" data-testid={testId}>
      <AlertTriangle size={16} />
      <div>
        <strong>Duration warning</strong> · {formatTime(warning.fired_time)}
        <div>{warning.message || fallback}</div>
      </div>
    </div>
  );
}
