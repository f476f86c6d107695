import type { Room } from '@chat/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export function discoverRooms(q: string, signal?: AbortSignal): Promise<Room[]> {
  return api.get<Room[]>('/rooms', { query: { scope: 'discover', q: q || undefined }, signal });
}

/** Public rooms whose name contains `q` (all public rooms for ""), most active first. */
export function discoverRoomsQueryOptions(q: string) {
  const term = q.trim();
  return queryOptions({
    queryKey: queryKeys.rooms.discoverSearch(term),
    queryFn: ({ signal }) => discoverRooms(term, signal),
    staleTime: 15_000,
  });
}

/** Keeps the previous results on screen while the next term's answer is on its way. */
export function useDiscoverRooms(q: string) {
  return useQuery({ ...discoverRoomsQueryOptions(q), placeholderData: keepPreviousData });
}
