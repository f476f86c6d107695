import type { Message, MessageSendPayload } from '@chat/contracts';
import { api } from '../../../lib/api-client';

/**
 * `POST /rooms/:id/messages`: the REST twin of the socket's `message:send`, with the same clientId (a repeat answers
 * the first message). The outbox uses it while the socket is down.
 */
export function postMessage({ roomId, ...body }: MessageSendPayload): Promise<Message> {
  return api.post<Message>(`/rooms/${encodeURIComponent(roomId)}/messages`, body);
}
