import type { Message } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { mergeMessages } from '../utils/message-pages';
import { roomMessagesQueryKey } from './get-messages';

export interface EditMessageInput {
  id: string;
  body: string;
}

export function editMessage({ id, body }: EditMessageInput): Promise<Message> {
  return api.patch<Message>(`/messages/${encodeURIComponent(id)}`, { body });
}

/** Saves an edit of your own message and puts the answer in the room's history (the broadcast may come later). */
export function useEditMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: editMessage,
    onSuccess: (message) =>
      queryClient.setQueryData(roomMessagesQueryKey(message.roomId), (data) => (data ? mergeMessages(data, [message]) : data)),
  });
}
