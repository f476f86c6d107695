import type { User } from '@chat/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const SEARCH_LIMIT = 20;

export function searchUsers(q: string, signal?: AbortSignal): Promise<User[]> {
  return api.get<User[]>('/users', { query: { q, limit: SEARCH_LIMIT }, signal });
}

export function searchUsersQueryOptions(q: string) {
  const term = q.trim();
  return queryOptions({
    queryKey: queryKeys.users.search(term),
    queryFn: ({ signal }) => searchUsers(term, signal),
    enabled: term.length > 0,
    staleTime: 30_000,
  });
}

/** Keeps the previous results on screen while the next term's answer is on its way. */
export function useSearchUsers(q: string) {
  return useQuery({ ...searchUsersQueryOptions(q), placeholderData: keepPreviousData });
}
