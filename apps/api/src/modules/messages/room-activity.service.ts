import { Injectable } from '@nestjs/common';
import type { Message } from '@chat/contracts';
import { fromRow } from './message.mapper.js';
import { MessagePresenter } from './message.presenter.js';
import { MessagesRepository } from './messages.repository.js';

/** The read model of a room list: each room's last message and the viewer's unread count. */
@Injectable()
export class RoomActivityService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly presenter: MessagePresenter,
  ) {}

  /** Last message of each room given by (roomId, seq), in one query. */
  async lastMessages(viewerId: string, keys: Array<{ roomId: string; seq: number }>): Promise<Map<string, Message>> {
    if (keys.length === 0) return new Map();
    const rows = await this.messages.lastMessages(keys);
    const messages = await this.presenter.present(viewerId, rows.map(fromRow), {
      attachments: rows.some((r) => r.attached),
      reactions: rows.some((r) => r.reacted),
    });
    return new Map(messages.map((m) => [m.roomId, m]));
  }

  /** Messages of others after the user's read marker, and those of them that mention the user, per room, in one query. */
  unreadCounts(userId: string, roomIds: string[]): Promise<Map<string, { unread: number; mentions: number }>> {
    return this.messages.unreadCounts(userId, roomIds);
  }
}
