import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { DomainEvents } from '../../common/events/domain-events.js';
import { RoomAccessService } from './room-access.service.js';
import { RoomsRepository } from './rooms.repository.js';

/** Read markers: how far each member has read a room. */
@Injectable()
export class ReadMarkersService {
  /**
   * The marker this process last wrote or saw per (user, room). `markRead` only moves a marker forward, so a request
   * at or below it cannot move the one in the database either: such a request costs nothing. Only "mark as unread"
   * moves a marker back; this process then holds the new one, and another process's entry (with several API
   * processes) is forgotten within `ttl`, after which a read costs its query again.
   */
  private readonly known = new LRUCache<string, number>({ max: 100_000, ttl: 60_000 });

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

  /**
   * Mark as unread: moves the caller's marker back so that `seq` is the first unread message (marker `seq - 1`), never
   * forward. When it moved, `room.read` announces the new marker (the user's other devices and the unread counts
   * follow; read receipts go back with it).
   */
  async markUnread(roomId: string, userId: string, seq: number): Promise<void> {
    await this.access.requireMember(roomId, userId);
    const moved = await this.rooms.markUnread(roomId, userId, seq - 1);
    if (moved === null) return;
    this.known.set(`${userId}:${roomId}`, moved);
    this.events.emit('room.read', { roomId, userId, seq: moved });
  }
}
