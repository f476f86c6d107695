import type { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../../../lib/api-client';
import { CATCH_UP_PAGE, getMessages, roomMessagesQueryKey } from '../api/get-messages';
import { lastContiguousSeq, mergeMessages, type MessagePages } from '../utils/message-pages';
import { cachedHistoryRoomIds, type HistoryUpdates } from './cache-updaters';

export interface CatchUpOptions {
  queryClient: QueryClient;
  history: HistoryUpdates;
  /** The server no longer lets you read the room (removed, or deleted). */
  onRoomGone: (roomId: string) => void;
}

/**
 * Offline resync: what the server has after the last seq held without a hole, fetched page after page and merged into
 * the cached history. After every (re)connection for every cached room, and for one room whose seq jumped.
 */
export class CatchUp {
  private readonly qc: QueryClient;
  private readonly history: HistoryUpdates;
  private readonly onRoomGone: (roomId: string) => void;
  private readonly running = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();

  constructor({ queryClient, history, onRoomGone }: CatchUpOptions) {
    this.qc = queryClient;
    this.history = history;
    this.onRoomGone = onRoomGone;
  }

  /** Runs once at a time per room; a request during a run runs it again after. */
  room(roomId: string): Promise<void> {
    const running = this.running.get(roomId);
    if (running) {
      this.again.add(roomId);
      return running;
    }
    const key = roomMessagesQueryKey(roomId);
    const run = (async () => {
      try {
        do {
          this.again.delete(roomId);
          for (;;) {
            const data = this.qc.getQueryData<MessagePages>(key);
            if (!data) return;
            const page = await getMessages(roomId, { after: lastContiguousSeq(data), limit: CATCH_UP_PAGE });
            this.history.apply(roomId, (d) => mergeMessages(d, page.messages));
            if (!page.hasMore || page.messages.length === 0) break;
          }
        } while (this.again.has(roomId));
      } catch (err) {
        if (isApiError(err) && err.code === 'NOT_FOUND') this.onRoomGone(roomId);
        // Anything else (offline again): the next connection catches up.
      } finally {
        this.running.delete(roomId);
      }
    })();
    this.running.set(roomId, run);
    return run;
  }

  /** Every room whose history is cached. */
  all(): Promise<void> {
    return Promise.all(cachedHistoryRoomIds(this.qc).map((id) => this.room(id))).then(() => undefined);
  }
}
