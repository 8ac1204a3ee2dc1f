import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { Play } from "lucide-react";
import type { JobParameterDefinition } from "../api/types";
import { useRunNow } from "../queries/useRunNow";
import { Button } from "./Button";
import { Dialog } from "./Dialog";
import { ErrorAlert } from "./ErrorAlert";
import { TextField } from "./TextField";

/** "Run now with different parameters": the job's parameters with their defaults, editable. */
export function RunNowDialog({ jobId, parameters, onClose }: { jobId: number; parameters: JobParameterDefinition[]; onClose: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(parameters.map((p) => [p.name, p.default])));
  const runNow = useRunNow();
  const navigate = useNavigate();
  const start = () => runNow.mutate({ jobId, parameters: values }, { onSuccess: ({ run_id }) => navigate(`/runs/${run_id}`) });
  return (
    <Dialog
      title="Run now with different parameters"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" icon={<Play size={15} />} onClick={start} disabled={runNow.isPending}>Run</Button>
        </>
      }
    >
      <div className="col">
        {parameters.length === 0 && <div className="subtle">This job has no parameters.</div>}
        {parameters.map((p) => (
          <TextField key={p.name} label={p.name} value={values[p.name]} onChange={(v) => setValues({ ...values, [p.name]: v })} hint={`Default: ${p.default || "(empty)"}`} />
        ))}
        <ErrorAlert error={runNow.error} />
      </div>
    </Dialog>
  );
}
