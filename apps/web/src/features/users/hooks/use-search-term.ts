import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { useDebouncedValue } from '../../../lib/use-debounced-value';

export const SEARCH_DEBOUNCE_MS = 250;

/**
 * The search box's text lives in the URL (`/search?q=ada`), so reload, back and shared links keep it; the query
 * follows it after a short pause in typing.
 */
export function useSearchTerm(): { term: string; debouncedTerm: string; setTerm: (value: string) => void } {
  const [params, setParams] = useSearchParams();
  const term = params.get('q') ?? '';
  const debouncedTerm = useDebouncedValue(term, SEARCH_DEBOUNCE_MS);
  const setTerm = useCallback(
    (value: string) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set('q', value);
          else next.delete('q');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { term, debouncedTerm, setTerm };
}
