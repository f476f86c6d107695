import { describe, expect, it } from '@jest/globals';
import { mergeWindows, settleWindows } from './search-windows.js';

const hit = (roomId: string, id: string, at: number) => ({ roomId, id, at });

describe('settleWindows: when the rooms’ newest messages prove a first page', () => {
  it('answers the newest hits when every cut room ends, with the slack, before the last of them', () => {
    const windows = { hits: [hit('a', '1', 500), hit('b', '2', 900), hit('a', '3', 700)], edges: new Map([['a', 100]]) };
    expect(settleWindows(windows, 2, 50)).toEqual({ page: [hit('b', '2', 900), hit('a', '3', 700)] });
  });

  it('reads deeper the cut rooms whose edge, with the slack, reaches the last hit of the page (a tie too)', () => {
    const windows = {
      hits: [hit('a', '1', 500), hit('b', '2', 900), hit('a', '3', 700)],
      edges: new Map([
        ['a', 100],
        ['busy', 650],
      ]),
    };
    expect(settleWindows(windows, 2, 50)).toEqual({ deepen: ['busy'], since: 700 });
    expect(settleWindows({ ...windows, edges: new Map([['busy', 600]]) }, 2, 100)).toEqual({ deepen: ['busy'], since: 700 });
    expect(settleWindows({ ...windows, edges: new Map([['busy', 599]]) }, 2, 100)).toEqual({
      page: [hit('b', '2', 900), hit('a', '3', 700)],
    });
  });

  it('with fewer hits than a page, answers them only when no room was cut', () => {
    expect(settleWindows({ hits: [hit('a', '1', 5)], edges: new Map() }, 3, 0)).toEqual({ page: [hit('a', '1', 5)] });
    expect(settleWindows({ hits: [hit('a', '1', 5)], edges: new Map([['b', 1]]) }, 3, 0)).toEqual({ deepen: ['b'], since: null });
  });

  it('orders equal times by id, newest first, as the SQL cursor does', () => {
    const windows = { hits: [hit('a', '0a', 5), hit('a', '0c', 5), hit('a', '0b', 5)], edges: new Map() };
    expect(settleWindows(windows, 3, 0)).toEqual({ page: [hit('a', '0c', 5), hit('a', '0b', 5), hit('a', '0a', 5)] });
  });

  it('merges a deeper reading in place of the rooms read again', () => {
    const windows = { hits: [hit('a', '1', 500), hit('busy', '2', 900)], edges: new Map([['busy', 650]]) };
    const deeper = { hits: [hit('busy', '2', 900), hit('busy', '4', 300)], edges: new Map<string, number>() };
    expect(mergeWindows(windows, deeper, ['busy'])).toEqual({
      hits: [hit('a', '1', 500), hit('busy', '2', 900), hit('busy', '4', 300)],
      edges: new Map(),
    });
  });
});
