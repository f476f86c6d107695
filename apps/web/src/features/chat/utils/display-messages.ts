import type { Message, User } from '@chat/contracts';
import type { OutboxEntry } from '../realtime/outbox';
import type { DisplayMessage } from './timeline';

/**
 * The conversation's rows: the server's messages, then your messages still on their way in the order you wrote them.
 * One the server already has (its ack or broadcast came first) shows once, as sent: matched by your clientId.
 */
const asSent = new WeakMap<Message, DisplayMessage>();

/** Cached per message object (they are replaced, never changed), so unchanged rows keep their identity and skip re-rendering. */
function sentRow(m: Message): DisplayMessage {
  let row = asSent.get(m);
  if (!row) {
    row = { ...m, status: 'sent' };
    asSent.set(m, row);
  }
  return row;
}

export function withOutbox(messages: readonly Message[], outbox: readonly OutboxEntry[], me: User): DisplayMessage[] {
  const sent = messages.map(sentRow);
  if (outbox.length === 0) return sent;
  const delivered = new Set(messages.filter((m) => m.sender.id === me.id).map((m) => m.clientId));
  const pending: DisplayMessage[] = outbox
    .filter((e) => !delivered.has(e.clientId))
    .map((e) => ({
      id: `pending:${e.clientId}`,
      roomId: e.roomId,
      seq: Number.MAX_SAFE_INTEGER,
      clientId: e.clientId,
      sender: me,
      body: e.body,
      attachments: [...e.attachments],
      replyToId: e.replyToId,
      createdAt: e.createdAt,
      editedAt: null,
      deletedAt: null,
      pinnedAt: null,
      reactions: [],
      mentions: { userIds: [], room: false, here: false },
      status: e.status,
      error: e.error,
    }));
  return [...sent, ...pending];
}
