import { Injectable } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';
import { type MemberAccess, RoomAccessService } from '../rooms/room-access.service.js';
import type { MessageEntity } from './entities/message.entity.js';
import { MessagesRepository } from './messages.repository.js';

/** Who may see a message: the members of its room. Written once for every action on one message. */
@Injectable()
export class MessageAccessService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly access: RoomAccessService,
  ) {}

  /** The message and the caller's membership of its room; 404 when it does not exist or the caller is not a member. */
  async requireVisible(userId: string, messageId: string): Promise<{ entity: MessageEntity; access: MemberAccess }> {
    const entity = await this.messages.findById(messageId);
    if (!entity) throw AppException.notFound('Message');
    try {
      return { entity, access: await this.access.requireMember(entity.roomId, userId) };
    } catch (err) {
      if (err instanceof AppException) throw AppException.notFound('Message');
      throw err;
    }
  }
}
