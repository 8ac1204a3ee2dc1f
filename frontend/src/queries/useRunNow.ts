import { useMutation, useQueryClient } from "@tanstack/react-query";
import { jobs } from "../api/endpoints";
import { keys } from "./keys";

export function useRunNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ jobId, parameters }: { jobId: number; parameters?: Record<string, string> }) =>
      jobs.runNow(jobId, parameters),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.jobsAll }),
  });
}
