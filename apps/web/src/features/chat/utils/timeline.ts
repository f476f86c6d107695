import type { Message } from '@chat/contracts';
import { dayLabel, localDayKey } from './format-time';

/** A message as the conversation shows it: sent (from the server) or still in the outbox. */
export type DisplayMessage = Message & {
  status: 'sent' | 'queued' | 'sending' | 'failed';
  /** Why a failed message was not sent. */
  error?: string | null;
};

export type TimelineItem =
  | { kind: 'day'; key: string; label: string }
  | { kind: 'unread'; key: 'unread' }
  | {
      kind: 'message';
      key: string;
      message: DisplayMessage;
      /** First of a run by the same sender: shows name and avatar. */
      groupStart: boolean;
      /** Last of the run. */
      groupEnd: boolean;
    };

/** Messages by one sender less than this far apart read as one run. */
export const GROUP_GAP_MS = 5 * 60 * 1000;

export interface TimelineOptions {
  meId: string;
  /**
   * The read marker when the conversation was opened: a "New messages" line goes before the first later message from
   * someone else. `null` for none.
   */
  unreadAfterSeq: number | null;
  now: number;
}

/**
 * The rows of a conversation: day separators, the "new messages" line, and messages grouped into runs (same sender,
 * same day, a few minutes apart, nothing in between).
 */
export function buildTimeline(messages: readonly DisplayMessage[], { meId, unreadAfterSeq, now }: TimelineOptions): TimelineItem[] {
  const items: TimelineItem[] = [];
  let day: string | null = null;
  let unreadPlaced = unreadAfterSeq === null;
  let previous: DisplayMessage | null = null;
  let lastRow: Extract<TimelineItem, { kind: 'message' }> | null = null;

  for (const message of messages) {
    let breakRun = false;
    const key = localDayKey(message.createdAt);
    if (key !== day) {
      day = key;
      items.push({ kind: 'day', key: `day-${key}`, label: dayLabel(message.createdAt, now) });
      breakRun = true;
    }
    if (!unreadPlaced && message.status === 'sent' && message.sender.id !== meId && message.seq > unreadAfterSeq!) {
      unreadPlaced = true;
      items.push({ kind: 'unread', key: 'unread' });
      breakRun = true;
    }
    const continues =
      !breakRun &&
      previous !== null &&
      previous.sender.id === message.sender.id &&
      Date.parse(message.createdAt) - Date.parse(previous.createdAt) < GROUP_GAP_MS;
    if (!continues && lastRow) lastRow.groupEnd = true;
    lastRow = { kind: 'message', key: message.id, message, groupStart: !continues, groupEnd: false };
    items.push(lastRow);
    previous = message;
  }
  if (lastRow) lastRow.groupEnd = true;
  return items;
}

/** Whether the conversation has an unread line to start at. */
export function hasUnreadLine(items: readonly TimelineItem[]): boolean {
  return items.some((i) => i.kind === 'unread');
}
