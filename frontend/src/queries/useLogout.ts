import { useMutation, useQueryClient } from "@tanstack/react-query";
import { auth } from "../api/endpoints";

export function useLogout() {
  const client = useQueryClient();
  return useMutation({ mutationFn: auth.logout, onSuccess: () => client.clear() });
}
