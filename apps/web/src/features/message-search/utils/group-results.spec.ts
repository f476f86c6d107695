import type { SearchResult } from '@chat/contracts';
import { describe, expect, it } from '@jest/globals';
import { groupByRoom } from './group-results';

const result = (id: string, roomId: string): SearchResult =>
  ({ message: { id }, room: { id: roomId, kind: 'group', name: roomId }, snippet: id }) as unknown as SearchResult;

describe('groupByRoom', () => {
  it('orders groups by their newest result and keeps results newest first inside them', () => {
    const groups = groupByRoom([result('m5', 'a'), result('m4', 'b'), result('m3', 'a'), result('m2', 'c'), result('m1', 'b')]);
    expect(groups.map((g) => [g.room.id, g.results.map((r) => r.message.id)])).toEqual([
      ['a', ['m5', 'm3']],
      ['b', ['m4', 'm1']],
      ['c', ['m2']],
    ]);
  });

  it('shows a result repeated across pages once', () => {
    expect(groupByRoom([result('m2', 'a'), result('m2', 'a'), result('m1', 'a')])[0]!.results).toHaveLength(2);
  });
});
