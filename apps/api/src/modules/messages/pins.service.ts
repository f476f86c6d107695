import { Injectable } from '@nestjs/common';
import type { Message } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { RANK, RoomAccessService } from '../rooms/room-access.service.js';
import { forEveryone, fromRow } from './message.mapper.js';
import { MessageAccessService } from './message-access.service.js';
import { MessagePresenter } from './message.presenter.js';
import { MessageSearchRepository } from './message-search.repository.js';
import { MessagesRepository } from './messages.repository.js';

/** At most this many pins answer `GET /rooms/:id/pins` (the newest). */
const PINS_MAX = 200;

/** Pinned messages: admins and owners pin in group rooms, either member in a direct room. */
@Injectable()
export class PinsService {
  constructor(
    private readonly messageAccess: MessageAccessService,
    private readonly access: RoomAccessService,
    private readonly repo: MessageSearchRepository,
    private readonly messages: MessagesRepository,
    private readonly presenter: MessagePresenter,
    private readonly events: DomainEvents,
  ) {}

  /** Pins or unpins; a change is announced (`message:updated` with `pinnedAt`), a repeat is not. */
  async setPinned(userId: string, messageId: string, pinned: boolean): Promise<void> {
    const { entity, access } = await this.messageAccess.requireVisible(userId, messageId);
    if (access.room.kind === 'group' && RANK[access.member.role] < RANK.admin) {
      throw AppException.forbidden('Only a room admin can pin messages');
    }
    if (entity.deletedAt) throw AppException.conflict('This message was deleted');
    if (!(await this.repo.setPinned(messageId, pinned))) return;
    const [message] = await this.presenter.present(userId, [(await this.messages.findById(messageId))!]);
    this.events.emit('message.updated', { message: forEveryone(message!) });
  }

  /** The room's pinned messages, newest pin first (members only). */
  async list(userId: string, roomId: string): Promise<Message[]> {
    await this.access.requireMember(roomId, userId);
    const rows = await this.repo.pins(roomId, PINS_MAX);
    return this.presenter.present(userId, rows.map(fromRow), {
      attachments: rows.some((r) => r.attached),
      reactions: rows.some((r) => r.reacted),
    });
  }
}
