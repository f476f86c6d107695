import type { MessageEdit } from '@chat/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** `GET /messages/:id/edits`: the earlier versions of a message, oldest first. */
export function getMessageEdits(messageId: string, signal?: AbortSignal): Promise<MessageEdit[]> {
  return api.get<MessageEdit[]>(`/messages/${encodeURIComponent(messageId)}/edits`, { signal });
}

/** `editedAt` is part of the key: a newer edit reads the history again. */
export function messageEditsQueryOptions(messageId: string, editedAt: string | null) {
  return queryOptions({
    queryKey: [...queryKeys.message.edits(messageId), editedAt] as const,
    queryFn: ({ signal }) => getMessageEdits(messageId, signal),
  });
}

export function useMessageEdits(messageId: string, editedAt: string | null) {
  return useQuery(messageEditsQueryOptions(messageId, editedAt));
}
