import { useMutation, useQueryClient } from "@tanstack/react-query";
import { jobs } from "../api/endpoints";
import type { AccessControl } from "../api/types";
import { keys } from "./keys";

export function useSetJobPermissions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ jobId, acl }: { jobId: number; acl: AccessControl[] }) => jobs.setPermissions(jobId, acl),
    onSuccess: (_data, { jobId }) => client.invalidateQueries({ queryKey: keys.jobPermissions(jobId) }),
  });
}
