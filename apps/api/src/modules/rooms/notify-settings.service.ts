import { Injectable } from '@nestjs/common';
import type { NotifyLevel, RoomNotificationsDto, RoomNotify } from '@chat/contracts';
import { futureOrNull } from '../../common/future-time.js';
import { defaultLevel, toRoomNotify } from './notify-level.js';
import { RoomAccessService } from './room-access.service.js';
import { RoomsRepository } from './rooms.repository.js';

/** A member's effective notification settings for one room, as the notifications module reads them. */
export interface MemberNotify {
  userId: string;
  level: NotifyLevel;
  /** Muted at the time of the question. */
  muted: boolean;
}

/** Each member's notification level and mute per room (`PUT /rooms/:id/notifications`). */
@Injectable()
export class NotifySettingsService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly access: RoomAccessService,
  ) {}

  /**
   * Sets the caller's level and mute (members only: 404 when they cannot see the room, 403 when not in it). A level
   * equal to the room kind's default is stored as no override, so a later change of defaults reaches it; a mute that
   * already ended is stored as none. PUT replaces both: an absent `mutedUntil` unmutes.
   */
  async set(roomId: string, userId: string, dto: RoomNotificationsDto): Promise<RoomNotify> {
    const { room } = await this.access.requireMember(roomId, userId);
    const override = dto.level === defaultLevel(room.kind) ? null : dto.level;
    const mutedUntil = futureOrNull(dto.mutedUntil ?? null);
    await this.rooms.setNotify(roomId, userId, override, mutedUntil);
    return toRoomNotify(room.kind, { notifyLevel: override, mutedUntil });
  }

  /** The settings of these members of a room (non-members are left out), in one query. */
  async ofMembers(roomId: string, userIds: string[]): Promise<MemberNotify[]> {
    if (userIds.length === 0) return [];
    const now = Date.now();
    const rows = await this.rooms.notifyOf(roomId, userIds);
    return rows.map((r) => {
      const n = toRoomNotify(r.kind, r, now);
      return { userId: r.userId, level: n.level, muted: n.mutedUntil !== null };
    });
  }
}
