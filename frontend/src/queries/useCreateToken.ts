import { useMutation, useQueryClient } from "@tanstack/react-query";
import { tokens } from "../api/endpoints";
import { keys } from "./keys";

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ comment, lifetimeSeconds }: { comment: string; lifetimeSeconds?: number }) =>
      tokens.create(comment, lifetimeSeconds),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.tokens }),
  });
}
