import type { MessagePage } from '@chat/contracts';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { mergeMessages, type MessagePages } from '../utils/message-pages';

export const HISTORY_PAGE = 50;
export const CATCH_UP_PAGE = 100;

export interface MessagesCursor {
  before?: number;
  after?: number;
  limit?: number;
}

/** Ascending by seq: the newest page by default, `before` pages back, `after` catches up. */
export function getMessages(roomId: string, cursor: MessagesCursor, signal?: AbortSignal): Promise<MessagePage> {
  return api.get<MessagePage>(`/rooms/${encodeURIComponent(roomId)}/messages`, {
    query: { before: cursor.before, after: cursor.after, limit: cursor.limit ?? HISTORY_PAGE },
    signal,
  });
}

export function roomMessagesQueryKey(roomId: string) {
  return roomMessagesQueryOptions(roomId).queryKey;
}

/**
 * A room's history as an infinite query: the newest page first, `fetchNextPage` loads the page before the oldest
 * message held. The socket keeps it current (live events, catch-up after a reconnect), so it is never stale by
 * time. A refetch (an invalidation) recomputes every cursor from the fresh pages, so no gap opens; messages that
 * arrived live while it ran are kept by merging them back in.
 */
export function roomMessagesQueryOptions(roomId: string) {
  return infiniteQueryOptions({
    queryKey: queryKeys.rooms.messages(roomId),
    queryFn: async ({ pageParam, signal, client, queryKey }): Promise<MessagePage> => {
      const page = await getMessages(roomId, { before: pageParam }, signal);
      if (pageParam !== undefined) return page;
      // The newest page: keep what the socket delivered while it was on its way.
      const held = client.getQueryData<MessagePages>(queryKey);
      const newest = page.messages[page.messages.length - 1]?.seq ?? 0;
      const live = held?.pages[0]?.messages.filter((m) => m.seq > newest) ?? [];
      if (live.length === 0) return page;
      const merged = mergeMessages({ pages: [page], pageParams: [undefined] }, live);
      return merged.pages[0]!;
    },
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.hasMore && last.messages.length > 0 ? last.messages[0]!.seq : undefined),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

export function useRoomMessages(roomId: string) {
  return useInfiniteQuery(roomMessagesQueryOptions(roomId));
}
