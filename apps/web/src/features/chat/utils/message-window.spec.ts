import { describe, expect, it } from '@jest/globals';
import { message, seqs } from '../testing/fixtures';
import { deleteInWindow, flattenWindow, joinWindow, replaceInWindow, type WindowPages } from './message-window';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => message(from + i));

function windowOf(...pages: number[][]): WindowPages {
  return {
    pages: pages.map((list) => ({ messages: list.map((s) => message(s)), hasMoreBefore: true, hasMoreAfter: true })),
    pageParams: pages.map(() => ({ around: 1 })),
  };
}

describe('joinWindow', () => {
  it('keeps the window apart while a gap separates it from the live history', () => {
    expect(joinWindow(range(10, 20), range(50, 60), true)).toBeNull();
  });

  it('joins them once they meet, the live copies winning where they overlap', () => {
    const live = range(18, 25).map((m) => (m.seq === 19 ? { ...m, body: 'edited live' } : m));
    const joined = joinWindow(range(10, 20), live, true)!;
    expect(seqs(joined)).toEqual(range(10, 25).map((m) => m.seq));
    expect(joined.find((m) => m.seq === 19)!.body).toBe('edited live');
  });

  it('joins a window that ends just before the live history', () => {
    expect(seqs(joinWindow(range(10, 20), range(21, 22), true)!)).toEqual([...range(10, 22).map((m) => m.seq)]);
  });

  it('shows the live history when the window holds nothing, and the window when the room is empty live', () => {
    expect(seqs(joinWindow([], range(1, 3), false)!)).toEqual([1, 2, 3]);
    expect(seqs(joinWindow(range(1, 3), [], false)!)).toEqual([1, 2, 3]);
    expect(joinWindow(range(1, 3), [], true)).toBeNull();
  });
});

describe('window updates', () => {
  it('reads pages oldest first', () => {
    expect(seqs(flattenWindow(windowOf([1, 2], [3, 4], [5])))).toEqual([1, 2, 3, 4, 5]);
  });

  it('replaces a held message and never adds one it did not fetch', () => {
    const data = windowOf([1, 2], [3]);
    const edited = replaceInWindow(data, { ...message(2), body: 'new', editedAt: '2026-11-21T00:00:00.000Z' });
    expect(flattenWindow(edited).find((m) => m.seq === 2)!.body).toBe('new');
    expect(replaceInWindow(data, message(9))).toBe(data);
  });

  it('turns a held message into its tombstone, and a late edit does not bring it back', () => {
    const deleted = deleteInWindow(windowOf([1, 2]), 'm2', '2026-11-21T00:00:00.000Z');
    const m2 = flattenWindow(deleted)[1]!;
    expect(m2).toMatchObject({ body: '', deletedAt: '2026-11-21T00:00:00.000Z' });
    expect(replaceInWindow(deleted, { ...message(2), body: 'late', editedAt: '2026-11-20T23:00:00.000Z' })).toBe(deleted);
  });
});
