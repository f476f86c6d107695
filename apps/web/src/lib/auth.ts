import type { AuthResponse, Me } from '@chat/contracts';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { api } from './api-client';
import { queryKeys } from './query-keys';
import { type EndReason, tokenStore } from './token-store';

/** The session shared by every feature: the token and the caller's own profile. */

export function getMe(signal?: AbortSignal): Promise<Me> {
  return api.get<Me>('/users/me', { signal });
}

export function meQueryOptions() {
  return queryOptions({ queryKey: queryKeys.me(), queryFn: ({ signal }) => getMe(signal), staleTime: 60_000 });
}

export function useMe() {
  return useQuery(meQueryOptions());
}

/** The current token (null when logged out); re-renders when it changes, in this tab or another. */
export function useToken(): string | null {
  return useSyncExternalStore(tokenStore.subscribe, tokenStore.get, () => null);
}

/** Stores a fresh session from register or login and seeds the profile cache with its user. */
export function useStartSession(): (auth: AuthResponse) => void {
  const queryClient = useQueryClient();
  return useCallback(
    (auth: AuthResponse) => {
      queryClient.clear();
      tokenStore.set({ token: auth.token, expiresAt: auth.expiresAt, userId: auth.user.id });
      queryClient.setQueryData(meQueryOptions().queryKey, auth.user);
    },
    [queryClient],
  );
}

/** Forgets the session on this device: token and every cached answer (they belonged to that user). */
export function useEndSession(reason: EndReason = 'logout'): () => void {
  const queryClient = useQueryClient();
  return useCallback(() => {
    tokenStore.clear(reason);
    queryClient.clear();
  }, [queryClient, reason]);
}
