import type { Message } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { markDeleted } from '../utils/message-pages';
import { roomMessagesQueryKey } from './get-messages';

export function deleteMessage(message: Pick<Message, 'id'>): Promise<void> {
  return api.delete(`/messages/${encodeURIComponent(message.id)}`);
}

/** Deletes a message (yours, or anyone's as a room admin); it stays as a tombstone. */
export function useDeleteMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: Pick<Message, 'id' | 'roomId'>) => deleteMessage(message),
    onSuccess: (_void, message) =>
      queryClient.setQueryData(roomMessagesQueryKey(message.roomId), (data) =>
        data ? markDeleted(data, message.id, new Date().toISOString()) : data,
      ),
  });
}
