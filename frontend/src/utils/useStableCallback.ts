import { useCallback, useEffect, useRef } from "react";

/** A function that stays the same across renders and calls the latest `callback`: handed to
 * memoised children (graph nodes, table rows) so a parent's new inline handler does not make
 * every child render again. */
export function useStableCallback<A extends unknown[], R>(callback: ((...args: A) => R) | undefined): (...args: A) => R | undefined {
  const latest = useRef(callback);
  useEffect(() => {
    latest.current = callback;
  });
  return useCallback((...args: A) => latest.current?.(...args), []);
}
