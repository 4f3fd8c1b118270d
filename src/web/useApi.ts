import { useCallback, useEffect, useState } from "react";
import { ApiError, api, type TQuery } from "./api.ts";

/** State of one GET: data, error (bilingual ApiError), loading, and a reload function. */
export interface TApiState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * GETs `path` with `query` whenever either changes (null path = wait). Aborts stale requests so a fast
 * period switch never shows the previous period's figures.
 */
export function useApi<T>(path: string | null, query?: TQuery): TApiState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: key captures path and query; tick forces a reload
  useEffect(() => {
    if (path === null) return;
    const ctrl = new AbortController();
    setLoading(true);
    setError(undefined);
    api
      .get<T>(path, query, ctrl.signal)
      .then((d) => {
        if (!ctrl.signal.aborted) setData(d);
      })
      .catch((e: unknown) => {
        if (ctrl.signal.aborted) return;
        setData(undefined);
        setError(ApiError.from(e));
      })
      .finally(() => {
        if (!ctrl.signal.aborted) setLoading(false);
      });
    return () => ctrl.abort();
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
