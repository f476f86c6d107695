import type { SearchPage } from '@chat/contracts';
import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const SEARCH_PAGE = 20;

/** What `GET /search/messages` is asked: `q` never empty (an empty one is a 400, so it is never sent). */
export interface MessageSearchParams {
  q: string;
  roomId?: string;
  from?: string;
  has?: 'file';
  /** ISO instants. */
  before?: string;
  after?: string;
}

export function searchMessages(params: MessageSearchParams, cursor: string | undefined, signal?: AbortSignal): Promise<SearchPage> {
  return api.get<SearchPage>('/search/messages', { query: { ...params, cursor, limit: SEARCH_PAGE }, signal });
}

/** Only the parameters that are set, so equal searches share one key. */
function keyOf(params: MessageSearchParams): Record<string, string> {
  const key: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'string' && v !== '') key[k] = v;
  return key;
}

/** Newest first, a page at a time; "Load more" follows `nextCursor`. Disabled while `params` is null (nothing to search). */
export function messageSearchQueryOptions(params: MessageSearchParams | null) {
  const p = params ?? { q: '' };
  return infiniteQueryOptions({
    queryKey: queryKeys.messageSearch.results(keyOf(p)),
    queryFn: ({ pageParam, signal }) => searchMessages(p, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: params !== null && p.q.trim() !== '',
    staleTime: 15_000,
  });
}

/** Keeps the previous results on screen while the next search's answer is on its way. */
export function useMessageSearch(params: MessageSearchParams | null) {
  return useInfiniteQuery({ ...messageSearchQueryOptions(params), placeholderData: keepPreviousData });
}
