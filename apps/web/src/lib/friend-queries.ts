import type { User } from '@chat/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api-client';

/**
 * The caller's friends, read by several features (the friends page, the room invite picker). Key ['friends'], which
 * is also the prefix of the pending requests (['friends','requests',direction]): invalidating it refreshes both.
 */

export function getFriends(signal?: AbortSignal): Promise<User[]> {
  return api.get<User[]>('/friends', { signal });
}

export function friendsQueryOptions() {
  return queryOptions({ queryKey: ['friends'], queryFn: ({ signal }) => getFriends(signal) });
}

export function useFriends({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...friendsQueryOptions(), enabled });
}
