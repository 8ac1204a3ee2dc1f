import { useQuery } from "@tanstack/react-query";
import { workspace } from "../api/endpoints";
import { keys } from "./keys";

export function useWorkspaceList(path: string, enabled = true) {
  return useQuery({
    queryKey: keys.workspace(path),
    queryFn: ({ signal }) => workspace.list(path, signal),
    select: (data) => data.objects ?? [],
    enabled,
    retry: false,
  });
}
