import type { Message } from '@chat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { mergeMessages } from '../utils/message-pages';
import { applyPinnedMessage, patchPinned, removePinned } from '../utils/pins';
import { roomMessagesQueryKey } from './get-messages';

/** `GET /rooms/:id/pins`: the room's pinned messages, newest pin first. */
export function getPins(roomId: string, signal?: AbortSignal): Promise<Message[]> {
  return api.get<Message[]>(`/rooms/${encodeURIComponent(roomId)}/pins`, { signal });
}

/** Kept current by `message:updated` (pins and unpins from anyone) and `message:deleted`, hence the long stale time. */
export function pinsQueryOptions(roomId: string) {
  return queryOptions({ queryKey: queryKeys.rooms.pins(roomId), queryFn: ({ signal }) => getPins(roomId, signal), staleTime: 5 * 60_000 });
}

export function usePins(roomId: string) {
  return useQuery(pinsQueryOptions(roomId));
}

/** A message's new state into the room's pins, when they are cached. */
export function updatePins(qc: QueryClient, message: Message): void {
  qc.setQueryData(pinsQueryOptions(message.roomId).queryKey, (pins) => (pins ? applyPinnedMessage(pins, message) : pins));
}

/** A change of one held pinned message (a reaction), when the room's pins are cached. */
export function patchPinnedMessage(qc: QueryClient, roomId: string, id: string, change: (message: Message) => Message): void {
  qc.setQueryData(pinsQueryOptions(roomId).queryKey, (pins) => (pins ? patchPinned(pins, id, change) : pins));
}

/** The cached pinned copy of a message, if any. */
export function cachedPinnedMessage(qc: QueryClient, roomId: string, id: string): Message | undefined {
  return qc.getQueryData(pinsQueryOptions(roomId).queryKey)?.find((m) => m.id === id);
}

export function removeFromPins(qc: QueryClient, roomId: string, id: string): void {
  qc.setQueryData(pinsQueryOptions(roomId).queryKey, (pins) => (pins ? removePinned(pins, id) : pins));
}

export function setPinned(messageId: string, pinned: boolean): Promise<void> {
  const path = `/messages/${encodeURIComponent(messageId)}/pin`;
  return pinned ? api.put(path, undefined) : api.delete(path);
}

export interface SetPinnedInput {
  message: Message;
  pinned: boolean;
}

/**
 * Pins or unpins (admins and owners of a group, either member of a direct room). The answer has no body: the message
 * shows its new state at once, and `message:updated` brings the server's `pinnedAt` to everyone.
 */
export function useSetPinned() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ message, pinned }: SetPinnedInput) => setPinned(message.id, pinned),
    onSuccess: (_void, { message, pinned }) => {
      // The broadcast may already have brought the server's time: keep it.
      const held = queryClient.getQueryData(pinsQueryOptions(message.roomId).queryKey)?.find((m) => m.id === message.id);
      const pinnedAt = pinned ? (held?.pinnedAt ?? message.pinnedAt ?? new Date().toISOString()) : null;
      const next: Message = { ...message, pinnedAt };
      updatePins(queryClient, next);
      queryClient.setQueryData(roomMessagesQueryKey(message.roomId), (data) => {
        const current = data?.pages.flatMap((p) => p.messages).find((m) => m.id === message.id);
        return data && current ? mergeMessages(data, [{ ...current, pinnedAt }]) : data;
      });
    },
  });
}
