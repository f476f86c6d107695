import { Injectable } from '@nestjs/common';
import type { MessageMentions } from '@chat/contracts';
import { RANK, RoomAccessService } from '../rooms/room-access.service.js';
import { MAX_MENTION_NAMES, parseMentions } from './mentions.js';

export const NO_MENTIONS: MessageMentions = Object.freeze({ userIds: [], room: false, here: false }) as MessageMentions;

/** Mentions resolved for a message being sent or edited: handles to members, `@room`/`@here` by the room's setting. */
@Injectable()
export class MentionsService {
  constructor(private readonly access: RoomAccessService) {}

  /**
   * A body without `@` costs nothing; handles are resolved to members in one query (the sender never mentions
   * themself); `@room` and `@here` count only when the room lets the sender use them (`roomMentions`: everyone, or
   * admins and owners), which reads the room and the sender's role once.
   */
  async resolve(senderId: string, roomId: string, body: string): Promise<MessageMentions> {
    const parsed = parseMentions(body);
    if (parsed.names.length === 0 && !parsed.room && !parsed.here) return NO_MENTIONS;
    const [userIds, broadcast] = await Promise.all([
      this.access.memberIdsByUsernames(roomId, parsed.names, senderId, MAX_MENTION_NAMES),
      parsed.room || parsed.here ? this.mayMentionRoom(senderId, roomId) : Promise.resolve(false),
    ]);
    return { userIds, room: broadcast && parsed.room, here: broadcast && parsed.here };
  }

  private async mayMentionRoom(senderId: string, roomId: string): Promise<boolean> {
    const access = await this.access.visibleTo(roomId, senderId);
    if (!access?.member) return false;
    return access.room.roomMentions === 'everyone' || RANK[access.member.role] >= RANK.admin;
  }
}
