import { useQuery } from "@tanstack/react-query";
import { tokens } from "../api/endpoints";
import { keys } from "./keys";

export function useTokens() {
  return useQuery({ queryKey: keys.tokens, queryFn: tokens.list, select: (data) => data.token_infos ?? [] });
}
