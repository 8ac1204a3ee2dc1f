import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { BackfillRequest } from "../api/types";
import { jobs } from "../api/endpoints";
import { keys } from "./keys";

export function useBackfill() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BackfillRequest) => jobs.backfill(body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.jobsAll });
      void client.invalidateQueries({ queryKey: keys.uiRunsAll });
    },
  });
}
