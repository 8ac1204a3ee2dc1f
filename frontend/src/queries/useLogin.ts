import { useMutation, useQueryClient } from "@tanstack/react-query";
import { auth } from "../api/endpoints";
import { keys } from "./keys";

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) => auth.login(username, password),
    onSuccess: (me) => {
      client.clear();
      client.setQueryData(keys.me, me);
    },
  });
}
