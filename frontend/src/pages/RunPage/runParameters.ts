/** A run's job parameters as name -> value (the run's value, else the definition's default):
 * what "Run again" starts with and what the Repair dialog offers to override. */
import type { Run } from "../../api/types";

export function parameterValues(run: Pick<Run, "job_parameters">): Record<string, string> {
  return Object.fromEntries((run.job_parameters ?? []).map((p) => [p.name, p.value ?? p.default ?? ""]));
}

/** The entries of `edited` that differ from `original` (the overrides a repair sends). */
export function changedValues(original: Record<string, string>, edited: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(edited).filter(([name, value]) => original[name] !== value));
}
