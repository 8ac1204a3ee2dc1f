import { useState } from "react";
import { useNavigate } from "react-router-dom";
import type { IntervalUnit, JobParameterDefinition } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { FormDialog } from "../../components/FormDialog";
import { SelectField } from "../../components/SelectField";
import { TextField } from "../../components/TextField";
import { toast } from "../../components/toastStore";
import { useBackfill } from "../../queries/useBackfill";
import { fromDateTimeInput, toDateTimeInput } from "../../utils/dateTimeInput";
import { BACKFILL_REFERENCES, backfillProblem, backfillRunCount, backfillRunStart } from "./backfillPlan";
import { INTERVAL_UNITS } from "./triggerForms/triggerModes";

const DAY = 86_400_000;
const utcText = (ms: number) => toDateTimeInput(ms, "UTC").replace("T", " ");

/** "Run backfill": one run per interval over a past range. Times are typed in UTC, the zone the
 * {{backfill.*}} references resolve in, so the dates typed are the dates the runs see. */
export function BackfillDialog({ jobId, parameters, onClose }: { jobId: number; parameters: JobParameterDefinition[]; onClose: () => void }) {
  const [end, setEnd] = useState(() => toDateTimeInput(Math.floor(Date.now() / DAY) * DAY, "UTC"));
  const [start, setStart] = useState(() => toDateTimeInput(Math.floor(Date.now() / DAY) * DAY - 7 * DAY, "UTC"));
  const [interval, setEvery] = useState("1");
  const [unit, setUnit] = useState<IntervalUnit>("DAYS");
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(parameters.map((p) => [p.name, p.default])));
  const backfill = useBackfill();
  const navigate = useNavigate();

  const startMs = fromDateTimeInput(start, "UTC");
  const endMs = fromDateTimeInput(end, "UTC");
  const every = Number(interval);
  const problem = backfillProblem(startMs, endMs, every, unit);
  const count = problem ? 0 : backfillRunCount(startMs!, endMs!, every, unit);

  const submit = () => {
    if (problem || backfill.isPending) return;
    backfill.mutate(
      { job_id: jobId, start_time: startMs!, end_time: endMs!, interval: every, unit, job_parameters: parameters.length ? values : undefined },
      {
        onSuccess: ({ run_ids }) => {
          toast(`Backfill started: ${run_ids.length} run${run_ids.length === 1 ? "" : "s"}`, "success");
          navigate(`/jobs/${jobId}/runs`);
        },
      },
    );
  };

  return (
    <FormDialog title="Run backfill" onClose={onClose} onSubmit={submit} submitLabel={count ? `Start ${count} run${count === 1 ? "" : "s"}` : "Start runs"} submitDisabled={Boolean(problem) || backfill.isPending}>
      <div className="grid-2">
        <TextField label="Start (UTC)" type="datetime-local" value={start} onChange={setStart} hint="Inclusive" />
        <TextField label="End (UTC)" type="datetime-local" value={end} onChange={setEnd} hint="Exclusive" />
      </div>
      <div className="grid-2">
        <TextField label="One run every" type="number" min={1} value={interval} onChange={setEvery} />
        <SelectField label="Unit" value={unit} options={INTERVAL_UNITS} onChange={(v) => setUnit(v as IntervalUnit)} />
      </div>
      {parameters.map((p) => (
        <TextField key={p.name} label={p.name} className="mono" value={values[p.name]} onChange={(v) => setValues({ ...values, [p.name]: v })} hint={`Default: ${p.default || "(empty)"}`} />
      ))}
      <div className="alert info">
        {parameters.length ? "Parameter values" : "Task settings"} can use each run's interval start (UTC), e.g. <code>{"{{backfill.iso_date}}"}</code>; also{" "}
        {BACKFILL_REFERENCES.filter((name) => name !== "iso_date").map((name, i) => (
          <span key={name}>
            {i > 0 && ", "}
            <code>{name}</code>
          </span>
        ))}
        .
      </div>
      {problem ? (
        <div className="alert danger" role="alert" data-testid="backfill-summary">{problem}</div>
      ) : (
        <div className="subtle" data-testid="backfill-summary">
          {count === 1 ? `1 run, for ${utcText(startMs!)} UTC.` : `${count} runs, queued in order: the first for ${utcText(startMs!)}, the last for ${utcText(backfillRunStart(startMs!, count - 1, every, unit))} (UTC).`}
        </div>
      )}
      <ErrorAlert error={backfill.error} />
    </FormDialog>
  );
}
