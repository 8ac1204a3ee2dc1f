import { useState } from "react";
import { KeyValueEditor, fromPairs, toPairs } from "../../../components/KeyValueEditor";
import { SelectField } from "../../../components/SelectField";
import { TextField } from "../../../components/TextField";
import { useJobsList } from "../../../queries/useJobsList";
import type { TaskFormProps } from "./types";

export function RunJobForm({ task, set, errors, prefix = "" }: TaskFormProps) {
  const [search, setSearch] = useState("");
  const jobs = useJobsList({ search, page_size: 50, sort: "name" });
  const current = task.run_job_task?.job_id;
  const options = (jobs.data?.jobs ?? []).map((job) => ({ value: String(job.job_id), label: `${job.name} (#${job.job_id})` }));
  if (current && !options.some((o) => o.value === String(current))) options.unshift({ value: String(current), label: `Job #${current}` });
  return (
    <>
      <TextField label="Find a job" value={search} onChange={setSearch} placeholder="Search by name" />
      <SelectField
        label="Job to run"
        value={current ? String(current) : ""}
        placeholder="Pick a job"
        options={options}
        onChange={(v) => set("run_job_task.job_id", v ? Number(v) : 0)}
        error={errors[`${prefix}run_job_task.job_id`]}
      />
      <KeyValueEditor label="Job parameters" pairs={toPairs(task.run_job_task?.job_parameters)} onChange={(pairs) => set("run_job_task.job_parameters", Object.keys(fromPairs(pairs)).length ? fromPairs(pairs) : undefined)} addLabel="Add parameter" />
    </>
  );
}
