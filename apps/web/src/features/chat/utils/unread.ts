import type { Message } from '@chat/contracts';

/**
 * How many messages are unread after the read marker `marker`, counted the server's way (others' live messages after
 * it), from the messages held (ascending by seq). `null` when what is held does not reach back to the first unread
 * one or forward to `lastSeq`, so the count cannot be known here.
 */
export function unreadCountAfter(messages: readonly Message[], marker: number, meId: string, lastSeq: number): number | null {
  const first = messages[0];
  const last = messages[messages.length - 1];
  if (!first || !last || first.seq > marker + 1 || last.seq < lastSeq) return null;
  let count = 0;
  let expected = marker + 1;
  for (const m of messages) {
    if (m.seq <= marker) continue;
    // A hole in what is held: the count would miss messages.
    if (m.seq !== expected) return null;
    expected = m.seq + 1;
    if (m.sender.id !== meId && m.deletedAt === null) count++;
  }
  return count;
}
