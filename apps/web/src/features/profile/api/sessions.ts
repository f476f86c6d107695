import type { Session } from '@chat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export function getSessions(signal?: AbortSignal): Promise<Session[]> {
  return api.get<Session[]>('/auth/sessions', { signal });
}

export function sessionsQueryOptions() {
  return queryOptions({ queryKey: queryKeys.sessions(), queryFn: ({ signal }) => getSessions(signal) });
}

export function useSessions() {
  return useQuery(sessionsQueryOptions());
}

export function revokeSession(id: string): Promise<void> {
  return api.delete(`/auth/sessions/${encodeURIComponent(id)}`);
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeSession,
    onSuccess: (_void, id) => queryClient.setQueryData(sessionsQueryOptions().queryKey, (old) => old?.filter((s) => s.id !== id)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: sessionsQueryOptions().queryKey }),
  });
}
