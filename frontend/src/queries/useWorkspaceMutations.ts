import { useMutation, useQueryClient } from "@tanstack/react-query";
import { workspace } from "../api/endpoints";

/** Upload, create folder, save a file, delete: all invalidate the workspace listing. */
export function useWorkspaceImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: workspace.import,
    onSuccess: () => client.invalidateQueries({ queryKey: ["workspace"] }),
  });
}

export function useWorkspaceMkdirs() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: workspace.mkdirs,
    onSuccess: () => client.invalidateQueries({ queryKey: ["workspace"] }),
  });
}

export function useWorkspaceDelete() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ path, recursive }: { path: string; recursive?: boolean }) => workspace.delete(path, recursive),
    onSuccess: () => client.invalidateQueries({ queryKey: ["workspace"] }),
  });
}
