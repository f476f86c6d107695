import { Injectable } from '@nestjs/common';
import type { AroundPage, MessagePage } from '@chat/contracts';
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
    const reactions = rows.some((r) => r.reacted);
    return { messages: await this.presenter.present(userId, rows.map(fromRow), { attachments, reactions }), hasMore };
  }

  /**
   * The page centred on `seq` (ascending): the message and about as many before it as after it, `limit` in all; when
   * one side runs out, the other gives more. Two prepared statements side by side, each with the membership check
   * inside, read each half and one row more (which says whether more lie beyond it); only when one side ran out does a
   * third read the rest of the other side, from where its first read stopped. Where reading `limit + 1` on both sides
   * read 102 rows for a page of 50, this reads 52.
   */
  async around(userId: string, roomId: string, seq: number, limit: number): Promise<AroundPage> {
    const half = Math.ceil(limit / 2); // the message itself and those before it
    const [back, forward] = await Promise.all([
      this.messages.historyPage(roomId, userId, { before: seq + 1, limit: half + 1 }, false),
      this.messages.historyPage(roomId, userId, { after: seq, limit: limit - half + 1 }, true),
    ]);
    if (back.length === 0 && forward.length === 0) {
      await this.access.requireMember(roomId, userId);
      return { messages: [], hasMoreBefore: false, hasMoreAfter: false };
    }
    const backEnded = back.length <= half;
    const forwardEnded = forward.length <= limit - half;
    // one side ran out and the other did not: that side gives the rest of the page, and one row more
    if (forwardEnded && !backEnded) {
      const more = limit - forward.length + 1 - back.length;
      if (more > 0)
        back.push(...(await this.messages.historyPage(roomId, userId, { before: Number(back.at(-1)!.seq), limit: more }, false)));
    } else if (backEnded && !forwardEnded) {
      const more = limit - back.length + 1 - forward.length;
      if (more > 0)
        forward.push(...(await this.messages.historyPage(roomId, userId, { after: Number(forward.at(-1)!.seq), limit: more }, true)));
    }
    const takeBack = Math.min(back.length, Math.max(half, limit - forward.length));
    const takeForward = Math.min(forward.length, limit - takeBack);
    const rows = [...back.slice(0, takeBack).reverse(), ...forward.slice(0, takeForward)];
    const attachments = rows.some((r) => r.attached);
    const reactions = rows.some((r) => r.reacted);
    return {
      messages: await this.presenter.present(userId, rows.map(fromRow), { attachments, reactions }),
      hasMoreBefore: back.length > takeBack,
      hasMoreAfter: forward.length > takeForward,
    };
  }
}
