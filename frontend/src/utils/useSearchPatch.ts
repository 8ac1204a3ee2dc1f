import { useCallback, useLayoutEffect, useRef } from "react";
import { useSearchParams } from "react-router-dom";
import { baseOf, type SearchQueue } from "./searchQueue";

/** The page's query params, and a way to change them that builds on every change already asked
 * for (searchQueue.ts says why React Router's own functional form is not enough). Changes replace
 * the history entry: filters are not steps to go back through. The change function reads the URL
 * when it is called, so a debounced call made from an older render still starts from the latest. */
export function useSearchPatch(): [URLSearchParams, (change: (current: URLSearchParams) => URLSearchParams) => void] {
  const [search, setSearch] = useSearchParams();
  const shown = useRef(search.toString()); // what the router shows, as of the last commit
  const queue = useRef<SearchQueue>({ seen: shown.current, pending: [] });
  useLayoutEffect(() => {
    shown.current = search.toString();
  });
  const patch = useCallback(
    (change: (current: URLSearchParams) => URLSearchParams) => {
      const { base, ...rest } = baseOf(queue.current, shown.current);
      const next = change(new URLSearchParams(base));
      queue.current = { ...rest, pending: [...rest.pending, next.toString()] };
      setSearch(next, { replace: true });
    },
    [setSearch],
  );
  return [search, patch];
}
