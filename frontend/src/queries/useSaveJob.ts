import { useMutation, useQueryClient } from "@tanstack/react-query";
import { jobs } from "../api/endpoints";
import type { JobSettings } from "../api/types";
import { keys } from "./keys";

/** Create (no id yet) or reset (full settings: the server writes a new version). */
export function useSaveJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ jobId, settings }: { jobId: number | null; settings: JobSettings }) => {
      if (jobId === null) return (await jobs.create(settings)).job_id;
      await jobs.reset(jobId, settings);
      return jobId;
    },
    onSuccess: (jobId) => {
      client.invalidateQueries({ queryKey: keys.jobsAll });
      client.invalidateQueries({ queryKey: keys.job(jobId) });
      client.invalidateQueries({ queryKey: keys.jobVersions(jobId) });
    },
  });
}
