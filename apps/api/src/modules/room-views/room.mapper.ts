import type { Invite, Message, Room, User } from '@chat/contracts';
import { fileUrl } from '../files/file-url.js';
import type { RoomInviteEntity } from '../rooms/entities/room-invite.entity.js';
import type { RoomMemberEntity } from '../rooms/entities/room-member.entity.js';
import type { RoomEntity } from '../rooms/entities/room.entity.js';
import { toRoomNotify } from '../rooms/notify-level.js';

/** What a room looks like to one viewer, besides the room itself. */
export interface RoomViewerFacts {
  membership: RoomMemberEntity | undefined;
  memberCount: number;
  unreadCount: number;
  mentionCount: number;
  lastMessage: Message | null;
  /** The other member of a direct room, as the viewer sees them. */
  peer: User | undefined;
}

/** The `Room` shape: a direct room takes its name and pictures from the other member. */
export function toRoom(r: RoomEntity, f: RoomViewerFacts): Room {
  const direct = r.kind === 'direct';
  return {
    id: r.id,
    kind: r.kind,
    name: direct ? (f.peer?.displayName ?? 'Deleted user') : r.name,
    description: r.description,
    visibility: r.visibility,
    avatarUrl: direct ? (f.peer?.avatarUrl ?? null) : fileUrl(r.avatarFileId),
    coverUrl: direct ? (f.peer?.coverUrl ?? null) : fileUrl(r.coverFileId),
    createdBy: r.createdBy ?? '',
    memberCount: f.memberCount,
    lastSeq: r.lastSeq,
    // messages are for members: an invitee or a visitor of a public room sees the room, never its messages
    lastMessage: f.membership ? f.lastMessage : null,
    myRole: f.membership?.role ?? null,
    myReadSeq: f.membership?.lastReadSeq ?? 0,
    unreadCount: f.membership ? f.unreadCount : 0,
    notify: toRoomNotify(r.kind, f.membership),
    mentionCount: f.membership ? f.mentionCount : 0,
    roomMentions: r.roomMentions,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toInvite(i: RoomInviteEntity, room: Room, users: Map<string, User>): Invite {
  return { id: i.id, room, from: users.get(i.fromId)!, to: users.get(i.toId)!, status: i.status, createdAt: i.createdAt.toISOString() };
}
