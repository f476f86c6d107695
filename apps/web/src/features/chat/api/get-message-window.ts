import type { AroundPage } from '@chat/contracts';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { getMessages, HISTORY_PAGE } from './get-messages';

/** How a page of a window was asked for: centred on a message, or the page before or after what is held. */
export type WindowParam = { around: number } | { before: number } | { after: number };

/** The page centred on `seq`, ascending, with whether there is more on each side. */
export function getMessagesAround(roomId: string, seq: number, signal?: AbortSignal): Promise<AroundPage> {
  return api.get<AroundPage>(`/rooms/${encodeURIComponent(roomId)}/messages`, { query: { around: seq, limit: HISTORY_PAGE }, signal });
}

/**
 * The history around one message (a search result, a permalink): an infinite query in both directions, its pages
 * oldest first (`fetchPreviousPage` pages back with `before=`, `fetchNextPage` forward with `after=`). The live history
 * (`roomMessagesQueryOptions`) stays the one the socket appends to: the view joins the two once they meet, and the
 * socket's edits and deletions reach the windows too (cache-updaters).
 */
export function messageWindowQueryOptions(roomId: string, seq: number) {
  return infiniteQueryOptions({
    queryKey: queryKeys.rooms.messageWindow(roomId, seq),
    queryFn: async ({ pageParam, signal }): Promise<AroundPage> => {
      if ('around' in pageParam) return getMessagesAround(roomId, pageParam.around, signal);
      if ('before' in pageParam) {
        const page = await getMessages(roomId, { before: pageParam.before }, signal);
        return { messages: page.messages, hasMoreBefore: page.hasMore, hasMoreAfter: true };
      }
      const page = await getMessages(roomId, { after: pageParam.after }, signal);
      return { messages: page.messages, hasMoreBefore: true, hasMoreAfter: page.hasMore };
    },
    initialPageParam: { around: seq } as WindowParam,
    getPreviousPageParam: (first): WindowParam | undefined =>
      first.hasMoreBefore && first.messages.length > 0 ? { before: first.messages[0]!.seq } : undefined,
    getNextPageParam: (last): WindowParam | undefined =>
      last.hasMoreAfter && last.messages.length > 0 ? { after: last.messages[last.messages.length - 1]!.seq } : undefined,
    staleTime: Infinity,
    gcTime: 60_000,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

/** Nothing is fetched while `seq` is null (the conversation shows the live history). */
export function useMessageWindow(roomId: string, seq: number | null) {
  return useInfiniteQuery({ ...messageWindowQueryOptions(roomId, seq ?? 0), enabled: seq !== null });
}
