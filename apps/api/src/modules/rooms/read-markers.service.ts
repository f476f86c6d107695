import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DomainEvents } from '../../common/events/domain-events.js';
import { RoomAccessService } from './room-access.service.js';
import { RoomsRepository } from './rooms.repository.js';

/** Read markers: how far each member has read a room. */
@Injectable()
export class ReadMarkersService {
  /**
   * The highest marker this process wrote or saw per (user, room). A marker only moves forward, so a request at or
   * below it cannot move the one in the database either, whichever process wrote it: such a request costs nothing.
   */
  private readonly known = new LRUCache<string, number>({ max: 100_000 });

  constructor(
    private readonly rooms: RoomsRepository,
    private readonly access: RoomAccessService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Moves the caller's read marker forward (never back, never past the last message) and announces it when it moved.
   * Answers the marker. `member: true` when the caller is known to be a member (a socket subscribed to the room): no
   * access query, and a request at or below the marker this process knows costs no query at all.
   */
  async markRead(roomId: string, userId: string, seq: number, opts: { member?: boolean } = {}): Promise<number> {
    const key = `${userId}:${roomId}`;
    const known = this.known.get(key);
    if (opts.member && known !== undefined && seq <= known) return known;
    if (!opts.member) await this.access.requireMember(roomId, userId);
    const moved = await this.rooms.markRead(roomId, userId, seq);
    const marker = moved ?? (await this.rooms.readMarker(roomId, userId));
    this.known.set(key, Math.max(marker, known ?? 0));
    if (moved !== null) this.events.emit('room.read', { roomId, userId, seq: moved });
    return marker;
  }
}
