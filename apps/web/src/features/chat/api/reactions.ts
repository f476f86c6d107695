import type { User } from '@chat/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** `GET /messages/:id/reactions/:emoji`: who reacted with it, in the order they did. */
export function getReactors(messageId: string, emoji: string, signal?: AbortSignal): Promise<User[]> {
  return api.get<User[]>(`/messages/${encodeURIComponent(messageId)}/reactions/${encodeURIComponent(emoji)}`, { signal });
}

/**
 * Who reacted, read when a chip is hovered or focused. `count` is part of the key: when the count moves (live), the
 * list is read again the next time it shows.
 */
export function reactorsQueryOptions(messageId: string, emoji: string, count: number) {
  return queryOptions({
    queryKey: [...queryKeys.message.reactors(messageId, emoji), count] as const,
    queryFn: ({ signal }) => getReactors(messageId, emoji, signal),
    staleTime: 60_000,
  });
}

export function useReactors(messageId: string, emoji: string, count: number, enabled: boolean) {
  return useQuery({ ...reactorsQueryOptions(messageId, emoji, count), enabled });
}
