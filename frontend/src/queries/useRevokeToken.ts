import { useMutation, useQueryClient } from "@tanstack/react-query";
import { tokens } from "../api/endpoints";
import { keys } from "./keys";

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: tokens.revoke,
    onSuccess: () => client.invalidateQueries({ queryKey: keys.tokens }),
  });
}
