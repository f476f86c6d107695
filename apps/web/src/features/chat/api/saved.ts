import type { Message, SavedMessage } from '@chat/contracts';
import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { patchSaved, removeSaved, updateSaved, withSavedId, type SavedPages } from '../utils/saved';

/** A page of the saved-messages screen. */
export const SAVED_PAGE = 30;
/** The contract's largest page: reading every saved id takes one request for most people. */
const IDS_PAGE = 100;
/** Past this many saved messages the menus may say "Save" for an old one (saving it again changes nothing). */
const IDS_MAX_PAGES = 20;

/** `GET /saved`: newest save first; `before` is the `savedAt` of the last item of the previous page. */
export function getSaved({ before, limit }: { before?: string; limit: number }, signal?: AbortSignal): Promise<SavedMessage[]> {
  return api.get<SavedMessage[]>('/saved', { query: { before, limit }, signal });
}

/** The saved-messages screen: pages of the newest saves, "Load more" goes back with `before`. */
export function savedQueryOptions() {
  return infiniteQueryOptions({
    queryKey: queryKeys.saved.list(),
    queryFn: ({ pageParam, signal }) => getSaved({ before: pageParam, limit: SAVED_PAGE }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length === SAVED_PAGE ? last[last.length - 1]!.savedAt : undefined),
  });
}

export function useSavedMessages() {
  return useInfiniteQuery(savedQueryOptions());
}

/**
 * The ids of every saved message, so a message's menu says "Save" or "Unsave": read once a session (pages of 100
 * until a short one), then kept by this tab's own saves and unsaves. Saves made on another device show after the
 * next refetch (the contract has no event for them).
 */
export async function getSavedIds(signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  let before: string | undefined;
  for (let i = 0; i < IDS_MAX_PAGES; i++) {
    const page = await getSaved({ before, limit: IDS_PAGE }, signal);
    for (const s of page) ids.push(s.message.id);
    if (page.length < IDS_PAGE) break;
    before = page[page.length - 1]!.savedAt;
  }
  return ids;
}

export function savedIdsQueryOptions() {
  return queryOptions({ queryKey: queryKeys.saved.ids(), queryFn: ({ signal }) => getSavedIds(signal), staleTime: 10 * 60_000 });
}

/** The saved ids as a set (empty until they are read). */
export function useSavedIds(): ReadonlySet<string> {
  const ids = useQuery(savedIdsQueryOptions()).data;
  return useMemo(() => new Set(ids ?? []), [ids]);
}

export function setSaved(messageId: string, saved: boolean): Promise<void> {
  const path = `/messages/${encodeURIComponent(messageId)}/save`;
  return saved ? api.put(path, undefined) : api.delete(path);
}

export interface SetSavedInput {
  message: Pick<Message, 'id'>;
  saved: boolean;
}

/**
 * Saves or unsaves a message. The menus' state turns at once (and back if the server refuses); an unsaved message
 * leaves the saved screen once the server agreed, and a new save shows there at its next look.
 */
export function useSetSaved() {
  const queryClient = useQueryClient();
  const idsKey = savedIdsQueryOptions().queryKey;
  return useMutation({
    mutationFn: ({ message, saved }: SetSavedInput) => setSaved(message.id, saved),
    onMutate: ({ message, saved }) => {
      queryClient.setQueryData(idsKey, (ids) => (ids ? withSavedId(ids, message.id, saved) : ids));
    },
    onError: (_error, { message, saved }) => {
      queryClient.setQueryData(idsKey, (ids) => (ids ? withSavedId(ids, message.id, !saved) : ids));
    },
    onSuccess: (_void, { message, saved }) => {
      if (!saved)
        queryClient.setQueryData<SavedPages>(savedQueryOptions().queryKey, (data) => (data ? removeSaved(data, message.id) : data));
      else void queryClient.invalidateQueries({ queryKey: savedQueryOptions().queryKey, refetchType: 'none' });
    },
  });
}

/** A message's new state (an edit, a pin, a deletion) into the saved screen, when it is cached. */
export function updateSavedMessage(qc: QueryClient, message: Message): void {
  qc.setQueryData<SavedPages>(savedQueryOptions().queryKey, (data) => (data ? updateSaved(data, message) : data));
}

/** A change of one saved message (a reaction), when the saved messages are cached. */
export function patchSavedMessage(qc: QueryClient, messageId: string, change: (message: Message) => Message): void {
  qc.setQueryData<SavedPages>(savedQueryOptions().queryKey, (data) => (data ? patchSaved(data, messageId, change) : data));
}

export function removeSavedMessage(qc: QueryClient, messageId: string): void {
  qc.setQueryData<SavedPages>(savedQueryOptions().queryKey, (data) => (data ? removeSaved(data, messageId) : data));
}
