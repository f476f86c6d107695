import type { FileMeta, Message, Reaction, User } from '@chat/contracts';
import type { MessageEntity } from './entities/message.entity.js';

/** A message row as the page statements answer it (times already in the contract's ISO form). */
export interface MessageRow {
  id: string;
  room_id: string;
  seq: string;
  sender_id: string;
  client_id: string;
  body: string;
  reply_to_id: string | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  pinned_at: string | null;
  attached: true | null;
  reacted: true | null;
  mention_user_ids: string[];
  mention_room: boolean;
  mention_here: boolean;
}

/** A message as `toMessage` takes it: an entity, or a history row whose times are ISO strings already. */
export type PresentableMessage = Omit<MessageEntity, 'createdAt' | 'editedAt' | 'deletedAt' | 'pinnedAt'> & {
  createdAt: Date | string;
  editedAt: Date | string | null;
  deletedAt: Date | string | null;
  pinnedAt: Date | string | null;
};

/**
 * A timestamptz column as `Date.toISOString()` writes it (UTC, milliseconds truncated, as node-postgres' Date parsing
 * truncates them), formatted by PostgreSQL: a page of history parses no dates.
 */
export const isoSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The columns of a `MessageRow` from `messages m`. `attached` is a scalar subquery (true or null), not EXISTS:
 * PostgreSQL may plan an EXISTS in the select list as one hashed scan of every attachment, where this is one index
 * lookup per row.
 */
export const messageColumns = `m.id, m.room_id, m.seq, m.sender_id, m.client_id, m.body, m.reply_to_id,
  ${isoSql('m.created_at')} AS created_at, ${isoSql('m.edited_at')} AS edited_at, ${isoSql('m.deleted_at')} AS deleted_at,
  ${isoSql('m.pinned_at')} AS pinned_at, m.mention_user_ids::text[] AS mention_user_ids, m.mention_room, m.mention_here,
  (SELECT true FROM message_attachments a WHERE a.message_id = m.id AND m.deleted_at IS NULL LIMIT 1) AS attached,
  (SELECT true FROM message_reactions r WHERE r.message_id = m.id LIMIT 1) AS reacted`;

export const fromRow = (r: MessageRow): PresentableMessage => ({
  id: r.id,
  roomId: r.room_id,
  seq: Number(r.seq),
  senderId: r.sender_id,
  clientId: r.client_id,
  body: r.body,
  replyToId: r.reply_to_id,
  createdAt: r.created_at,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
  pinnedAt: r.pinned_at,
  mentionUserIds: r.mention_user_ids,
  mentionRoom: r.mention_room,
  mentionHere: r.mention_here,
});

const iso = (t: Date | string): string => (typeof t === 'string' ? t : t.toISOString());

/** The `Message` shape; a deleted message keeps its id and seq but no body, attachments or reactions. */
export function toMessage(
  r: PresentableMessage,
  sender: User,
  attachments: FileMeta[] | undefined,
  reactions: Reaction[] | undefined,
): Message {
  return {
    id: r.id,
    roomId: r.roomId,
    seq: r.seq,
    clientId: r.clientId,
    sender,
    body: r.deletedAt ? '' : r.body,
    attachments: r.deletedAt ? [] : (attachments ?? []),
    replyToId: r.replyToId,
    createdAt: iso(r.createdAt),
    editedAt: r.editedAt ? iso(r.editedAt) : null,
    deletedAt: r.deletedAt ? iso(r.deletedAt) : null,
    pinnedAt: r.pinnedAt && !r.deletedAt ? iso(r.pinnedAt) : null,
    reactions: r.deletedAt ? [] : (reactions ?? []),
    mentions: r.deletedAt
      ? { userIds: [], room: false, here: false }
      : { userIds: r.mentionUserIds, room: r.mentionRoom, here: r.mentionHere },
  };
}

/**
 * The payload every member gets (one emission to the room, the sender's own sockets included: Socket.IO encodes it
 * once for every receiver). So the sender carries no per-viewer relation (`none`, as in the history others read), nor
 * the sender's birthdate (which they see as `self` whatever their `birthdateVisibility` says; the profile shows it to
 * whom it may), and no reaction is the reader's own (`me: false`); the answer to the sender (ack or REST) says `self`
 * and their `me`.
 */
export function forEveryone(message: Message): Message {
  return {
    ...message,
    sender: { ...message.sender, friendship: 'none', birthdate: null },
    reactions: message.reactions.map((r) => (r.me ? { ...r, me: false } : r)),
  };
}
