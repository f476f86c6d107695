import { Injectable } from '@nestjs/common';
import type { MessagePage } from '@chat/contracts';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { fromRow } from './message.mapper.js';
import { MessagePresenter } from './message.presenter.js';
import { MessagesRepository } from './messages.repository.js';

/** Reading a room's history, page by page. */
@Injectable()
export class HistoryService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly access: RoomAccessService,
    private readonly presenter: MessagePresenter,
  ) {}

  /**
   * A page of history in ascending seq: the newest `limit` by default, the `limit` before `before`, or the `limit`
   * after `after` (catch-up). `hasMore` says whether more lie beyond the page in the direction of travel.
   *
   * One prepared statement reads the page only when the caller is a member, so a page costs no membership query of
   * its own; when it comes back empty, `requireMember` decides (403, 404, or an empty page). Each row says whether the
   * message has attachments, so a page without any makes no attachments query.
   */
  async page(userId: string, roomId: string, q: { before?: number; after?: number; limit: number }): Promise<MessagePage> {
    const forward = q.after !== undefined && q.before === undefined;
    const rows = await this.messages.historyPage(roomId, userId, { ...q, limit: q.limit + 1 }, forward);
    if (rows.length === 0) {
      await this.access.requireMember(roomId, userId);
      return { messages: [], hasMore: false };
    }
    const hasMore = rows.length > q.limit;
    if (hasMore) rows.length = q.limit;
    if (!forward) rows.reverse();
    const attachments = rows.some((r) => r.attached);
    return { messages: await this.presenter.present(userId, rows.map(fromRow), { attachments }), hasMore };
  }
}
