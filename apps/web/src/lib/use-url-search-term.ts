import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { useDebouncedValue } from './use-debounced-value';

export const URL_SEARCH_DEBOUNCE_MS = 250;

/**
 * A search box whose text lives in the URL (`?q=…`), so reload, back and shared links keep it; `debouncedTerm`
 * follows it after a short pause in typing.
 */
export function useUrlSearchTerm(param = 'q'): { term: string; debouncedTerm: string; setTerm: (value: string) => void } {
  const [params, setParams] = useSearchParams();
  const term = params.get(param) ?? '';
  const debouncedTerm = useDebouncedValue(term, URL_SEARCH_DEBOUNCE_MS);
  const setTerm = useCallback(
    (value: string) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(param, value);
          else next.delete(param);
          return next;
        },
        { replace: true },
      ),
    [setParams, param],
  );
  return { term, debouncedTerm, setTerm };
}
