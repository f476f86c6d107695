import type { User } from '@chat/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import { queryKeys } from './query-keys';

/**
 * The caller's friends, read by several features (the friends page, the room invite picker). Its key is also the
 * prefix of the pending requests' (`queryKeys.friends`): invalidating it refreshes both.
 */

export function getFriends(signal?: AbortSignal): Promise<User[]> {
  return api.get<User[]>('/friends', { signal });
}

export function friendsQueryOptions() {
  return queryOptions({ queryKey: queryKeys.friends.all(), queryFn: ({ signal }) => getFriends(signal) });
}

export function useFriends({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...friendsQueryOptions(), enabled });
}
