import type { User } from '@chat/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

const SENDER_LIMIT = 10;

/** People by name or username, for the "From" picker. */
export function senderSearchQueryOptions(term: string) {
  const q = term.trim().replace(/^@/, '');
  return queryOptions({
    queryKey: queryKeys.users.senderSearch(q),
    queryFn: ({ signal }) => api.get<User[]>('/users', { query: { q, limit: SENDER_LIMIT }, signal }),
    enabled: q.length > 0,
    staleTime: 30_000,
  });
}

export function useSenderSearch(term: string) {
  return useQuery({ ...senderSearchQueryOptions(term), placeholderData: keepPreviousData });
}

/** One person by id: the name on the "From" filter after a reload. */
export function senderQueryOptions(id: string) {
  return queryOptions({
    queryKey: queryKeys.users.detail(id),
    queryFn: ({ signal }) => api.get<User>(`/users/${encodeURIComponent(id)}`, { signal }),
    enabled: id !== '',
    staleTime: 60_000,
  });
}

export function useSender(id: string | null) {
  return useQuery(senderQueryOptions(id ?? ''));
}

/** The person with exactly this username (what `from:@name` names), when the search finds them. */
export function exactUsername(users: readonly User[] | undefined, username: string): User | undefined {
  const wanted = username.toLowerCase();
  return users?.find((u) => u.username.toLowerCase() === wanted);
}
