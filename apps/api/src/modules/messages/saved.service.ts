import { Injectable } from '@nestjs/common';
import type { SavedMessage } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { fromRow } from './message.mapper.js';
import { MessageAccessService } from './message-access.service.js';
import { MessagePresenter } from './message.presenter.js';
import { MessageSearchRepository } from './message-search.repository.js';

/** Saved messages: private to each user, shown only while the user is in the message's room. */
@Injectable()
export class SavedService {
  constructor(
    private readonly messageAccess: MessageAccessService,
    private readonly repo: MessageSearchRepository,
    private readonly presenter: MessagePresenter,
  ) {}

  async save(userId: string, messageId: string): Promise<void> {
    const { entity } = await this.messageAccess.requireVisible(userId, messageId);
    if (entity.deletedAt) throw AppException.conflict('This message was deleted');
    await this.repo.save(userId, messageId);
  }

  /** Unsaving works whatever became of the message; a message never saved must still be one the caller sees. */
  async unsave(userId: string, messageId: string): Promise<void> {
    if (await this.repo.unsave(userId, messageId)) return;
    await this.messageAccess.requireVisible(userId, messageId);
  }

  async list(userId: string, before: string | undefined, limit: number): Promise<SavedMessage[]> {
    const rows = await this.repo.saved(userId, before === undefined ? undefined : new Date(before), limit);
    const messages = await this.presenter.present(userId, rows.map(fromRow), {
      attachments: rows.some((r) => r.attached),
      reactions: rows.some((r) => r.reacted),
    });
    return rows.map((r, i) => ({ message: messages[i]!, savedAt: r.saved_at }));
  }
}
