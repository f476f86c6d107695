import { Inject, Injectable } from '@nestjs/common';
import type { SearchMessagesQuery, SearchPage, SearchRoom } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { PeopleService } from '../friendships/people.service.js';
import { peerOf, RoomAccessService } from '../rooms/room-access.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { fromRow } from './message.mapper.js';
import { MessagePresenter } from './message.presenter.js';
import { MessageSearchRepository, type SearchCursor, type SearchFilters, type SearchRow } from './message-search.repository.js';
import { mergeWindows, settleWindows } from './search-windows.js';
import { buildSnippet, markedWords, parseSearchQuery } from './search-query.js';

/**
 * How the first page of a search reads the rooms' newest messages before it asks the indexes: each look reads this
 * many of each room's newest messages, the first look in every room, the later ones only in the rooms still in the
 * way of the page, and only when there are at most `rooms` of them (else the indexes answer); a look with `rowsInAll`
 * shares that many rows among the rooms in its way (more than `window` each when they are fewer than `rooms`). Reading
 * a message costs about a microsecond per term check: 10 of each of 50 rooms' newest messages are enough for a word in
 * one message in ten (the bench's corpus) and cost a fifth of reading 50 of each. A busy room in the way (thousands of
 * messages since the other rooms' hits, as a user's own active room is) is read up to 8,000 deep, at most what four
 * rooms of 2,000 cost: for a word in one message in ten the indexes' answer costs more (50 ms at 1,000,000 messages,
 * where reading 2,900 messages of such a room took 7 ms).
 */
export const LOOKS: readonly { window: number; rooms: number; rowsInAll?: number }[] = [
  { window: 10, rooms: Infinity },
  { window: 50, rooms: Infinity },
  { window: 2_000, rooms: 4, rowsInAll: 8_000 },
];

/**
 * Message search on PostgreSQL (full-text + trigram, see the `Finding` migration): only rooms the caller is a member
 * of now, never a deleted message, every term must match, newest first with a keyset cursor.
 */
@Injectable()
export class SearchService {
  /** How far a message's created_at can run behind a later seq of its room, µs (see `settleWindows`). */
  private readonly orderSlackMicros: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repo: MessageSearchRepository,
    private readonly access: RoomAccessService,
    private readonly rooms: RoomsService,
    private readonly people: PeopleService,
    private readonly presenter: MessagePresenter,
  ) {
    // a seq is taken within one statement (its timeout) of the transaction's start, which is its created_at; the
    // idle-in-transaction timeout bounds a client's pause before that statement
    this.orderSlackMicros = config.limits.dbStatementTimeoutMs * 3 * 1000;
  }

  async search(userId: string, q: SearchMessagesQuery, limit: number): Promise<SearchPage> {
    const terms = parseSearchQuery(q.q, { asciiTrigrams: await this.repo.asciiTrigramsOnly() });
    const cursor = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    // a room filter names a room: the same answer as reading it (404 unseen, 403 not joined)
    if (q.roomId) await this.access.requireMember(q.roomId, userId);
    const filters: SearchFilters = {
      userId,
      terms,
      roomId: q.roomId,
      from: q.from,
      hasFile: q.has === 'file',
      before: q.before === undefined ? undefined : new Date(q.before),
      after: q.after === undefined ? undefined : new Date(q.after),
      cursor,
      limit: limit + 1,
    };
    // the first page: the rooms' newest messages usually hold it (cheap whatever the word's frequency); else the indexes
    const firstPage = !cursor && !filters.before;
    const rows = (firstPage ? await this.fromNewestMessages(filters) : null) ?? (await this.repo.search(filters));
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const [messages, rooms] = await Promise.all([
      this.presenter.present(userId, rows.map(fromRow), {
        attachments: rows.some((r) => r.attached),
        reactions: rows.some((r) => r.reacted),
      }),
      this.roomLabels(userId, [...new Set(rows.map((r) => r.room_id))]),
    ]);
    const last = rows[rows.length - 1];
    return {
      results: rows.map((r, i) => ({
        message: messages[i]!,
        room: rooms.get(r.room_id)!,
        snippet: buildSnippet(r.body, terms, markedWords(r.headline)),
      })),
      nextCursor: more && last ? encodeCursor({ micros: last.cursor_micros, id: last.id }) : null,
    };
  }

  /**
   * The first page from each room's newest messages, with deeper looks (`LOOKS`) at the rooms in the way; null when
   * those cannot prove the page (the GIN indexes answer then).
   */
  private async fromNewestMessages(filters: SearchFilters): Promise<SearchRow[] | null> {
    let windows = await this.repo.windows(filters, LOOKS[0]!.window, null);
    for (let look = 1; ; look++) {
      const verdict = settleWindows(windows, filters.limit, this.orderSlackMicros);
      if ('page' in verdict) {
        return verdict.page.length === 0
          ? []
          : this.repo.page(
              filters,
              verdict.page.map((h) => h.id),
            );
      }
      const next = LOOKS[look];
      if (!next || verdict.deepen.length > next.rooms) return null;
      const window = Math.max(next.window, Math.floor((next.rowsInAll ?? 0) / verdict.deepen.length));
      const deeper = await this.repo.windows(filters, window, verdict.deepen, verdict.since);
      windows = mergeWindows(windows, deeper, verdict.deepen);
    }
  }

  /** `{ id, kind, name }` of each room; a direct room is named after the other member, as in its `Room` shape. */
  private async roomLabels(viewerId: string, roomIds: string[]): Promise<Map<string, SearchRoom>> {
    if (roomIds.length === 0) return new Map();
    const found = await this.rooms.findByIds(roomIds);
    const peers = new Map(found.map((r) => [r.id, r.kind === 'direct' ? peerOf(r, viewerId) : null]));
    const people = await this.people.byId(
      viewerId,
      [...peers.values()].filter((id) => id !== null),
      { relations: false },
    );
    return new Map(
      found.map((r) => {
        const peer = peers.get(r.id);
        return [r.id, { id: r.id, kind: r.kind, name: (peer && people.get(peer)?.displayName) || r.name }];
      }),
    );
  }
}

/** An opaque cursor: base64url of `<microseconds>.<id>` of the last result of a page. */
export function encodeCursor(c: SearchCursor): string {
  return Buffer.from(`${c.micros}.${c.id}`).toString('base64url');
}

export function decodeCursor(text: string): SearchCursor {
  const m = /^(\d{1,18})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(Buffer.from(text, 'base64url').toString());
  if (!m) throw AppException.validation('cursor', 'must be a cursor from a previous page');
  return { micros: m[1]!, id: m[2]! };
}
