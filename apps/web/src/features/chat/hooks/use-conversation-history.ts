import type { Message } from '@chat/contracts';
import { useMemo } from 'react';
import { useMessageWindow } from '../api/get-message-window';
import { useRoomMessages } from '../api/get-messages';
import { flattenPages } from '../utils/message-pages';
import { flattenWindow, joinWindow } from '../utils/message-window';

export interface HistoryEdge {
  has: boolean;
  loading: boolean;
  error: unknown;
  load: () => void;
}

export interface ConversationHistory {
  /** The messages shown, ascending. */
  messages: Message[];
  /** They reach the live end of the room (new messages and your messages on their way go below them). */
  live: boolean;
  loaded: boolean;
  /** The first page failed (nothing to show). */
  error: unknown;
  retry: () => void;
  older: HistoryEdge;
  newer: HistoryEdge;
}

const NONE: HistoryEdge = { has: false, loading: false, error: null, load: () => undefined };

/**
 * What a conversation shows: the live history (the newest page, older pages as you scroll up) or, when opened at a
 * message (`anchorSeq`), the window around it, paging both ways, joined to the live history once the two meet. The
 * live history stays loaded and current meanwhile, so "Jump to latest" costs nothing and no live message is lost.
 */
export function useConversationHistory(roomId: string, anchorSeq: number | null): ConversationHistory {
  const history = useRoomMessages(roomId);
  const around = useMessageWindow(roomId, anchorSeq);
  const liveMessages = useMemo(() => flattenPages(history.data), [history.data]);
  const windowMessages = useMemo(() => flattenWindow(around.data), [around.data]);
  const joined = useMemo(
    () => (anchorSeq !== null && history.data && around.data ? joinWindow(windowMessages, liveMessages, around.hasNextPage) : null),
    [anchorSeq, history.data, around.data, windowMessages, liveMessages, around.hasNextPage],
  );

  if (anchorSeq === null) {
    return {
      messages: liveMessages,
      live: true,
      loaded: history.data !== undefined,
      error: history.isError && !history.data ? history.error : null,
      retry: () => void history.refetch(),
      older: {
        has: history.hasNextPage,
        loading: history.isFetchingNextPage,
        error: history.isFetchNextPageError ? history.error : null,
        load: () => void history.fetchNextPage(),
      },
      newer: NONE,
    };
  }
  return {
    messages: joined ?? windowMessages,
    live: joined !== null,
    loaded: around.data !== undefined,
    error: around.isError && !around.data ? around.error : null,
    retry: () => void around.refetch(),
    older: {
      has: around.hasPreviousPage,
      loading: around.isFetchingPreviousPage,
      error: around.isFetchPreviousPageError ? around.error : null,
      load: () => void around.fetchPreviousPage(),
    },
    newer:
      joined !== null
        ? NONE
        : {
            has: around.hasNextPage || history.data === undefined,
            loading: around.isFetchingNextPage,
            error: around.isFetchNextPageError ? around.error : null,
            load: () => {
              if (around.hasNextPage) void around.fetchNextPage();
            },
          },
  };
}
