import { Injectable } from '@nestjs/common';
import type { Invite, Room } from '@chat/contracts';
import { PeopleService } from '../friendships/people.service.js';
import { RoomActivityService } from '../messages/room-activity.service.js';
import type { RoomInviteEntity } from '../rooms/entities/room-invite.entity.js';
import type { RoomEntity } from '../rooms/entities/room.entity.js';
import { peerOf } from '../rooms/room-access.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { toInvite, toRoom } from './room.mapper.js';

/**
 * The read model of rooms as one user sees them: the `Room` shape with the viewer's role, read marker and unread
 * count, the member count, the last message, and for a direct room the other member. It sits above the rooms and
 * messages modules (it needs both), so the HTTP routes that answer rooms live beside it.
 */
@Injectable()
export class RoomViewsService {
  constructor(
    private readonly rooms: RoomsService,
    private readonly activity: RoomActivityService,
    private readonly people: PeopleService,
  ) {}

  /** The room for a viewer who may see it (404 otherwise). */
  async get(roomId: string, viewerId: string): Promise<Room> {
    const [room] = await this.present(viewerId, [await this.rooms.get(roomId, viewerId)]);
    return room!;
  }

  /** The `Room` shape of each row for the viewer, in a constant number of queries whatever the number of rooms. */
  async present(viewerId: string, rows: RoomEntity[]): Promise<Room[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const peers = new Map(rows.flatMap((r) => (r.kind === 'direct' ? [[r.id, peerOf(r, viewerId)] as const] : [])));
    const [memberships, counts, unread, people, lastMessages] = await Promise.all([
      this.rooms.membershipsOf(viewerId, ids),
      this.rooms.memberCounts(ids),
      this.activity.unreadCounts(viewerId, ids),
      this.people.byId(
        viewerId,
        [...peers.values()].filter((id) => id !== null),
      ),
      this.activity.lastMessages(
        viewerId,
        rows.filter((r) => r.lastSeq > 0).map((r) => ({ roomId: r.id, seq: r.lastSeq })),
      ),
    ]);
    const mine = new Map(memberships.map((m) => [m.roomId, m]));
    return rows.map((r) => {
      const peerId = peers.get(r.id);
      return toRoom(r, {
        membership: mine.get(r.id),
        memberCount: counts.get(r.id) ?? 0,
        unreadCount: unread.get(r.id)?.unread ?? 0,
        mentionCount: unread.get(r.id)?.mentions ?? 0,
        lastMessage: lastMessages.get(r.id) ?? null,
        peer: peerId ? people.get(peerId) : undefined,
      });
    });
  }

  async presentInvites(viewerId: string, rows: RoomInviteEntity[]): Promise<Invite[]> {
    if (rows.length === 0) return [];
    const [rooms, users] = await Promise.all([
      this.rooms.findByIds([...new Set(rows.map((i) => i.roomId))]).then((found) => this.present(viewerId, found)),
      this.people.byId(
        viewerId,
        rows.flatMap((i) => [i.fromId, i.toId]),
      ),
    ]);
    const byId = new Map(rooms.map((r) => [r.id, r]));
    return rows.filter((i) => byId.has(i.roomId)).map((i) => toInvite(i, byId.get(i.roomId)!, users));
  }
}
