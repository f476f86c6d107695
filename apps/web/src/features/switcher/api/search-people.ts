import type { User } from '@chat/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const PEOPLE_LIMIT = 6;

export function searchPeople(q: string, signal?: AbortSignal): Promise<User[]> {
  return api.get<User[]>('/users', { query: { q, limit: PEOPLE_LIMIT }, signal });
}

export function searchPeopleQueryOptions(q: string) {
  const term = q.trim();
  return queryOptions({
    queryKey: queryKeys.users.switcherSearch(term),
    queryFn: ({ signal }) => searchPeople(term, signal),
    enabled: term.length > 0,
    staleTime: 30_000,
  });
}

/** People the server finds for the term (the switcher's second source, after the conversations already loaded). */
export function useSearchPeople(q: string) {
  return useQuery({ ...searchPeopleQueryOptions(q), placeholderData: keepPreviousData });
}
