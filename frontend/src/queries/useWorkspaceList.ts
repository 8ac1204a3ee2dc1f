import { useQuery } from "@tanstack/react-query";
import { workspace } from "../api/endpoints";
import { keys } from "./keys";

export function useWorkspaceList(path: string, enabled = true) {
  return useQuery({
    queryKey: keys.workspace(path),
    queryFn: () => workspace.list(path),
    select: (data) => data.objects ?? [],
    enabled,
    retry: false,
  });
}
