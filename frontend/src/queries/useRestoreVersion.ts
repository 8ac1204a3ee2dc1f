import { useMutation, useQueryClient } from "@tanstack/react-query";
import { jobs } from "../api/endpoints";
import { keys } from "./keys";

export function useRestoreVersion() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ jobId, version }: { jobId: number; version: number }) => jobs.restore(jobId, version),
    onSuccess: (_data, { jobId }) => {
      client.invalidateQueries({ queryKey: keys.job(jobId) });
      client.invalidateQueries({ queryKey: keys.jobVersions(jobId) });
      client.invalidateQueries({ queryKey: ["jobs", "list"] });
    },
  });
}
