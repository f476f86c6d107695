import type { FileMeta, Member, Message, Room, User } from '@chat/contracts';

/** Test data in the contract's shapes. */

export function user(id: string, extra: Partial<User> = {}): User {
  return {
    id,
    username: id,
    displayName: id.charAt(0).toUpperCase() + id.slice(1),
    bio: '',
    birthdate: null,
    avatarUrl: null,
    coverUrl: null,
    online: false,
    lastSeenAt: null,
    friendship: 'friends',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

export function message(seq: number, extra: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    roomId: 'r1',
    seq,
    clientId: `c${seq}`,
    sender: user('ada'),
    body: `message ${seq}`,
    attachments: [],
    replyToId: null,
    createdAt: new Date(Date.UTC(2026, 10, 20, 12, 0, seq)).toISOString(),
    editedAt: null,
    deletedAt: null,
    pinnedAt: null,
    reactions: [],
    mentions: { userIds: [], room: false, here: false },
    ...extra,
  };
}

export function room(id: string, extra: Partial<Room> = {}): Room {
  return {
    id,
    kind: 'group',
    name: `Room ${id}`,
    description: '',
    visibility: 'private',
    avatarUrl: null,
    coverUrl: null,
    createdBy: 'ada',
    memberCount: 2,
    lastSeq: 0,
    lastMessage: null,
    myRole: 'member',
    myReadSeq: 0,
    unreadCount: 0,
    notify: { level: extra.kind === 'direct' ? 'all' : 'mentions', mutedUntil: null },
    mentionCount: 0,
    roomMentions: 'admins',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

export function member(u: User, lastReadSeq = 0, role: Member['role'] = 'member'): Member {
  return { user: u, role, joinedAt: '2026-01-01T00:00:00.000Z', lastReadSeq };
}

export function fileMeta(id: string, extra: Partial<FileMeta> = {}): FileMeta {
  return {
    id,
    name: `${id}.txt`,
    size: 12,
    contentType: 'text/plain',
    url: `/api/files/${id}/content`,
    width: null,
    height: null,
    ...extra,
  };
}

export function seqs(messages: readonly Message[]): number[] {
  return messages.map((m) => m.seq);
}
