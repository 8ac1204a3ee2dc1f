import { useMutation, useQueryClient } from "@tanstack/react-query";
import { jobs } from "../api/endpoints";
import { keys } from "./keys";

export function useDeleteJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: jobs.delete,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.jobsAll }),
  });
}
