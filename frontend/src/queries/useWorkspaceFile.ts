import { useQuery } from "@tanstack/react-query";
import { workspace } from "../api/endpoints";
import { keys } from "./keys";

/** The file's source text (export format SOURCE, base64 on the wire). */
export function useWorkspaceFile(path: string | null) {
  return useQuery({
    queryKey: keys.workspaceFile(path ?? ""),
    queryFn: async ({ signal }) => {
      const data = await workspace.export(path as string, signal);
      return decodeBase64(data.content ?? "");
    },
    enabled: path !== null,
  });
}

function decodeBase64(content: string): string {
  const bytes = Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}
