import { useState } from "react";
import { Wrench } from "lucide-react";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { ErrorAlert } from "../../components/ErrorAlert";
import { TextField } from "../../components/TextField";
import { toast } from "../../components/toastStore";
import { useRepairRun } from "../../queries/useRepairRun";
import { latestAttempts } from "./runGraph";
import { changedValues, parameterValues } from "./runParameters";
import { defaultRepairSelection, toggleRepairTask } from "./repairSelection";
import type { RunDetail } from "./runTypes";
import { taskStatus } from "./taskStatus";

/** Repair run: the tasks that did not succeed and their dependents are preselected (ticking a
 * task ticks its dependents); job parameters can be overridden for the repaired tasks. */
export function RepairDialog({ run, onClose }: { run: RunDetail; onClose: () => void }) {
  const tasks = run.tasks ?? [];
  const [selected, setSelected] = useState<string[]>(() => defaultRepairSelection(tasks));
  const original = parameterValues(run);
  const [values, setValues] = useState<Record<string, string>>(original);
  const repair = useRepairRun(run.run_id);
  const submit = () =>
    repair.mutate(
      { rerunTasks: selected, jobParameters: changedValues(original, values) },
      {
        onSuccess: () => {
          toast(`Repairing ${selected.length} task${selected.length === 1 ? "" : "s"}`, "success");
          onClose();
        },
      },
    );
  return (
    <Dialog
      title="Repair run"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            icon={<Wrench size={15} />}
            onClick={submit}
            disabled={repair.isPending || selected.length === 0}
            data-testid="repair-submit"
          >
            Repair {selected.length} task{selected.length === 1 ? "" : "s"}
          </Button>
        </>
      }
    >
      <div className="col" data-testid="repair-dialog">
        <div className="subtle">
          The selected tasks run again inside this run; the others keep their results. Failed tasks and the tasks
          that depend on them are preselected.
        </div>
        <div className="repair-tasks" role="group" aria-label="Tasks to repair">
          {latestAttempts(tasks).map((task) => {
            const status = taskStatus(task);
            return (
              <label key={task.task_key} className="check repair-task" data-testid={`repair-task-${task.task_key}`}>
                <input
                  type="checkbox"
                  checked={selected.includes(task.task_key)}
                  onChange={() => setSelected(toggleRepairTask(tasks, selected, task.task_key))}
                />
                <span className="mono grow">{task.task_key}</span>
                <span className={`status-pill tone-${status.tone}`}>{status.label}</span>
              </label>
            );
          })}
        </div>
        {Object.keys(original).length > 0 && (
          <>
            <div className="section-title">Job parameters</div>
            {Object.keys(original).map((name) => (
              <TextField
                key={name}
                label={name}
                value={values[name]}
                onChange={(value) => setValues({ ...values, [name]: value })}
                hint={values[name] !== original[name] ? `Was: ${original[name] || "(empty)"}` : undefined}
                data-testid={`repair-param-${name}`}
              />
            ))}
          </>
        )}
        <ErrorAlert error={repair.error} />
      </div>
    </Dialog>
  );
}
