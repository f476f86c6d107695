import { api } from '../../../lib/api-client';

/** `POST /rooms/:id/unread`: the caller's read marker moves back so that `seq` is the first unread message. */
export function postMarkUnread(roomId: string, seq: number): Promise<void> {
  return api.post(`/rooms/${encodeURIComponent(roomId)}/unread`, { seq });
}
