import type { FriendRequest } from '@chat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { friendsQueryOptions } from '../../../lib/friend-queries';
import { queryKeys } from '../../../lib/query-keys';

export type RequestDirection = 'incoming' | 'outgoing';

export function getFriendRequests(direction: RequestDirection, signal?: AbortSignal): Promise<FriendRequest[]> {
  return api.get<FriendRequest[]>('/friends/requests', { query: { direction }, signal });
}

/** Pending requests sent to me (incoming) or by me (outgoing). */
export function friendRequestsQueryOptions(direction: RequestDirection) {
  return queryOptions({
    queryKey: queryKeys.friends.requests(direction),
    queryFn: ({ signal }) => getFriendRequests(direction, signal),
  });
}

export function useFriendRequests(direction: RequestDirection) {
  return useQuery(friendRequestsQueryOptions(direction));
}

export function sendFriendRequest(userId: string): Promise<FriendRequest> {
  return api.post<FriendRequest>('/friends/requests', { userId });
}

/**
 * Everything under the friends' key (friends and both request lists) may change after any friendship action: a request
 * that crosses one of theirs becomes a friendship at once.
 */
function useRefreshFriends() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: friendsQueryOptions().queryKey });
}

export function useSendFriendRequest() {
  const refresh = useRefreshFriends();
  return useMutation({ mutationFn: sendFriendRequest, onSettled: refresh });
}

export type RequestAnswer = 'accept' | 'reject' | 'cancel';

export type AnswerFriendRequestInput = { id: string; answer: RequestAnswer };

export function answerFriendRequest({ id, answer }: AnswerFriendRequestInput): Promise<FriendRequest> {
  return api.post<FriendRequest>(`/friends/requests/${encodeURIComponent(id)}/${answer}`);
}

/** Accept or reject (recipient) or cancel (sender); the request leaves its pending list at once. */
export function useAnswerFriendRequest() {
  const queryClient = useQueryClient();
  const refresh = useRefreshFriends();
  return useMutation({
    mutationFn: answerFriendRequest,
    onSuccess: (_request, { id, answer }) => {
      const direction: RequestDirection = answer === 'cancel' ? 'outgoing' : 'incoming';
      queryClient.setQueryData(friendRequestsQueryOptions(direction).queryKey, (old) => old?.filter((r) => r.id !== id));
    },
    onSettled: refresh,
  });
}
