import { Injectable } from '@nestjs/common';
import type { FileMeta, Message, Reaction } from '@chat/contracts';
import { FilesService } from '../files/files.service.js';
import { PeopleService } from '../friendships/people.service.js';
import { UsersService } from '../users/users.service.js';
import { toMessage, type PresentableMessage } from './message.mapper.js';
import { ReactionsRepository } from './reactions.repository.js';

/**
 * Messages in the `Message` shape, their senders and attachments loaded in one batch each. A sender's `friendship` is
 * only `self` (the viewer's own messages) or `none`: the same payload is broadcast to every member, so it carries no
 * per-viewer relation.
 */
@Injectable()
export class MessagePresenter {
  constructor(
    private readonly users: UsersService,
    private readonly people: PeopleService,
    private readonly files: FilesService,
    private readonly reactions: ReactionsRepository,
  ) {}

  /**
   * `attachments: false` / `reactions: false` when it is known that none of the rows has any (no query for them). The
   * reactions of the whole page are one grouped query, with `me` for the viewer.
   */
  async present(
    viewerId: string,
    rows: PresentableMessage[],
    opts: { attachments?: boolean; reactions?: boolean } = {},
  ): Promise<Message[]> {
    if (rows.length === 0) return [];
    const senderIds = [...new Set(rows.map((r) => r.senderId))];
    const live = rows.filter((r) => !r.deletedAt).map((r) => r.id);
    const [senders, attachments, reactions] = await Promise.all([
      this.users.findByIdsCached(senderIds).then((users) => this.people.present(viewerId, users, { relations: false })),
      opts.attachments === false ? new Map<string, FileMeta[]>() : this.files.attachmentsOf(live),
      opts.reactions === false ? new Map<string, Reaction[]>() : this.reactions.summaries(viewerId, live),
    ]);
    const byId = new Map(senders.map((u) => [u.id, u]));
    return rows.map((r) => toMessage(r, byId.get(r.senderId)!, attachments.get(r.id), reactions.get(r.id)));
  }
}
