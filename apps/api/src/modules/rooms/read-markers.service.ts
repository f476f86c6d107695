import { Injectable } from '@nestjs/common';
import { DomainEvents } from '../../common/events/domain-events.js';
import { RoomAccessService } from './room-access.service.js';
import { RoomsRepository } from './rooms.repository.js';

/** Read markers: how far each member has read a room. */
@Injectable()
export class ReadMarkersService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly access: RoomAccessService,
    private readonly events: DomainEvents,
  ) {}

  /** Moves the caller's read marker forward (never back, never past the last message). Returns the new marker. */
  async markRead(roomId: string, userId: string, seq: number): Promise<number> {
    await this.access.requireMember(roomId, userId);
    const marker = await this.rooms.markRead(roomId, userId, seq);
    this.events.emit('room.read', { roomId, userId, seq: marker });
    return marker;
  }
}
