import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';
import { isUniqueViolation } from '../../common/db-errors.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { FriendshipsService } from '../friendships/friendships.service.js';
import { UsersService } from '../users/users.service.js';
import { RoomAccessService } from './room-access.service.js';
import { RoomsRepository } from './rooms.repository.js';

/** Direct conversations: one room per pair, opened by whoever may write to the other. */
@Injectable()
export class DirectRoomsService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly access: RoomAccessService,
    private readonly users: UsersService,
    private readonly friendships: FriendshipsService,
    private readonly events: DomainEvents,
  ) {}

  /** The pair's one direct room, created on first use (unique `direct_key`): its id, and whether it was created now. */
  async open(userId: string, otherId: string): Promise<{ roomId: string; created: boolean }> {
    if (otherId === userId) throw AppException.validation('userId', 'cannot be yourself');
    const other = await this.users.get(otherId);
    const key = [userId, otherId].sort().join(':');
    const existing = await this.rooms.findByDirectKey(key);
    // an existing conversation is returned to whoever may still post in it (the rule of requirePoster)
    const allowed = existing
      ? await this.access.directAllowed(userId, otherId, existing.createdBy)
      : !(await this.access.blockedBetween(userId, otherId)) &&
        ((await this.friendships.areFriends(userId, otherId)) || other.dmPolicy === 'everyone');
    if (!allowed) throw AppException.forbidden('You can message this person once you are friends');
    if (existing) return { roomId: existing.id, created: false };
    try {
      const roomId = await this.rooms.insertDirect(key, userId, otherId);
      this.events.emit('room.direct-opened', { roomId, openedBy: userId, otherId });
      return { roomId, created: true };
    } catch (err) {
      if (!isUniqueViolation(err, 'rooms_direct_key_key')) throw err;
      return { roomId: (await this.rooms.findByDirectKey(key))!.id, created: false };
    }
  }
}
