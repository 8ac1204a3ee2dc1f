import { useQuery } from "@tanstack/react-query";
import { auth } from "../api/endpoints";
import { keys } from "./keys";

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: auth.me, retry: false, staleTime: 60_000 });
}
