import { useCallback, useSyncExternalStore } from 'react';

/** Whether a CSS media query matches now; follows changes (rotation, window resize). */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Phone layout: one pane at a time (the same breakpoint as the stylesheet). */
export const PHONE_QUERY = '(max-width: 720px)';
/** Wide enough for the details pane beside the conversation. */
export const WIDE_QUERY = '(min-width: 1100px)';
