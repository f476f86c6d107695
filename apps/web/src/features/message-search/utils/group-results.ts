import type { SearchResult, SearchRoom } from '@chat/contracts';

export interface ResultGroup {
  room: SearchRoom;
  results: SearchResult[];
}

/**
 * Results (newest first, page after page) grouped by room: a room's group goes where its newest result is, and the
 * results in a group stay newest first. A result seen twice (pages overlapping after new messages) shows once.
 */
export function groupByRoom(results: readonly SearchResult[]): ResultGroup[] {
  const groups = new Map<string, ResultGroup>();
  const seen = new Set<string>();
  for (const result of results) {
    if (seen.has(result.message.id)) continue;
    seen.add(result.message.id);
    let group = groups.get(result.room.id);
    if (!group) {
      group = { room: result.room, results: [] };
      groups.set(result.room.id, group);
    }
    group.results.push(result);
  }
  return [...groups.values()];
}
