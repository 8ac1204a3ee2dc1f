import { stringify } from "yaml";
import type { JobSettings } from "../api/types";

/** Job settings as YAML: the job's wire settings, the format `lakeflow jobs deploy` reads. */
export function settingsToYaml(settings: JobSettings): string {
  return stringify(settings, { indent: 2, lineWidth: 0, sortMapEntries: false });
}

/** For diffs: the same YAML with keys sorted, so two versions line up whatever order wrote them. */
export function settingsToSortedYaml(settings: JobSettings): string {
  return stringify(settings, { indent: 2, lineWidth: 0, sortMapEntries: true });
}
