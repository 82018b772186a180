import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { execute } from './api';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  refetch: () => void;
}

/**
 * Runs a query whenever its variables change; keeps the previous data while
 * the next answer loads (pages, filters) and ignores answers that arrive late.
 */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: { skip?: boolean } = {},
): QueryState<TResult> {
  const [state, setState] = useState<{ data?: TResult; error?: unknown; loading: boolean; answers?: string }>({ loading: !options.skip });
  const [version, setVersion] = useState(0);
  const key = JSON.stringify(variables);
  const request = `${version}:${key}`;

  useEffect(() => {
    if (options.skip) {
      setState({ loading: false });
      return;
    }
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, loading: true, answers: previous.answers }));
    execute(document, JSON.parse(key) as TVariables, controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false, answers: request }),
      (error) => !controller.signal.aborted && setState({ error, loading: false, answers: request }),
    );
    return () => controller.abort();
  }, [document, key, options.skip, version]);

  const refetch = useCallback(() => setVersion((v) => v + 1), []);
  // The render right after the variables change comes before the effect that fetches them: without this,
  // it showed the previous answer as the current one (a pager read "1–20 of 70" over the rows of page 2).
  const outdated = !options.skip && state.answers !== request;
  return { data: state.data, error: state.error, loading: state.loading || outdated, refetch };
}

export interface MutationState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

/**
 * A mutation that runs once at a time: a second call while one is in flight
 * (a double click) gets the first call's promise instead of a second request.
 */
export function useMutation<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>) {
  const [state, setState] = useState<MutationState<TResult>>({ data: undefined, error: undefined, loading: false });
  const inFlight = useRef<Promise<TResult | undefined> | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(
    (variables: TVariables): Promise<TResult | undefined> => {
      if (inFlight.current) return inFlight.current;
      setState({ data: undefined, error: undefined, loading: true });
      const promise = execute(document, variables)
        .then(
          (data) => {
            if (mounted.current) setState({ data, error: undefined, loading: false });
            return data;
          },
          (error) => {
            if (mounted.current) setState({ data: undefined, error, loading: false });
            return undefined;
          },
        )
        .finally(() => {
          inFlight.current = null;
        });
      inFlight.current = promise;
      return promise;
    },
    [document],
  );
  const reset = useCallback(() => setState({ data: undefined, error: undefined, loading: false }), []);
  return [run, state, reset] as const;
}

/** A value that follows `value` once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
