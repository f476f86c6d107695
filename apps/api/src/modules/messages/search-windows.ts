import type { WindowHit, Windows } from './message-search.repository.js';

/**
 * What the rooms' newest messages prove: the page, or which rooms must be read deeper first, and `since`, the time of
 * the page's last hit so far when there are enough hits for a page (a hit older than it can no longer enter the page,
 * so a deeper look need not check the terms of older messages), else null.
 */
export type WindowVerdict = { page: WindowHit[] } | { deepen: string[]; since: number | null };

const newestFirst = (a: WindowHit, b: WindowHit): number => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Whether the hits among each room's newest messages are the first `limit` hits of the whole history. A room whose
 * window was cut can hold older hits, no newer than its edge plus `slackMicros` (how far created_at can run against seq
 * order: a writer takes its seq under the room's lock within a statement's timeout of its transaction's start). So the
 * newest `limit` hits are the page when each cut room's edge plus the slack is older than the last of them; with fewer
 * hits than `limit`, only when no room was cut. Otherwise the cut rooms in the way must be read deeper.
 */
export function settleWindows({ hits, edges }: Windows, limit: number, slackMicros: number): WindowVerdict {
  const sorted = [...hits].sort(newestFirst);
  if (sorted.length < limit) return edges.size === 0 ? { page: sorted } : { deepen: [...edges.keys()], since: null };
  const last = sorted[limit - 1]!.at;
  const inTheWay = [...edges].filter(([, edge]) => edge + slackMicros >= last).map(([roomId]) => roomId);
  return inTheWay.length === 0 ? { page: sorted.slice(0, limit) } : { deepen: inTheWay, since: last };
}

/** `windows` with the rooms of `deeper` replaced by their deeper reading. */
export function mergeWindows(windows: Windows, deeper: Windows, rooms: string[]): Windows {
  const replaced = new Set(rooms);
  const edges = new Map([...windows.edges].filter(([roomId]) => !replaced.has(roomId)));
  for (const [roomId, edge] of deeper.edges) edges.set(roomId, edge);
  return { hits: [...windows.hits.filter((h) => !replaced.has(h.roomId)), ...deeper.hits], edges };
}
