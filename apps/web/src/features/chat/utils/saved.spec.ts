import { describe, expect, it } from '@jest/globals';
import type { SavedMessage } from '@chat/contracts';
import { message } from '../testing/fixtures';
import { removeSaved, updateSaved, withSavedId, type SavedPages } from './saved';

const saved = (seq: number): SavedMessage => ({ message: message(seq), savedAt: `2026-11-2${seq}T00:00:00.000Z` });
const data: SavedPages = { pages: [[saved(3), saved(2)], [saved(1)]], pageParams: [undefined, '2026-11-22T00:00:00.000Z'] };
const ids = (d: SavedPages) => d.pages.map((p) => p.map((s) => s.message.seq));

describe('saved messages cache', () => {
  it('removes an unsaved or deleted message from whichever page holds it', () => {
    expect(ids(removeSaved(data, 'm1'))).toEqual([[3, 2], []]);
    expect(ids(updateSaved(data, { ...message(2), deletedAt: '2026-11-23T00:00:00.000Z' }))).toEqual([[3], [1]]);
    expect(removeSaved(data, 'm9')).toBe(data);
  });

  it('follows an edit of a saved message, keeping when it was saved', () => {
    const next = updateSaved(data, { ...message(2), body: 'edited' });
    expect(next.pages[0]![1]).toEqual({ message: { ...message(2), body: 'edited' }, savedAt: saved(2).savedAt });
    expect(updateSaved(data, message(9))).toBe(data);
  });

  it('adds and removes an id once', () => {
    expect(withSavedId(['a'], 'b', true)).toEqual(['b', 'a']);
    const same = ['a'];
    expect(withSavedId(same, 'a', true)).toBe(same);
    expect(withSavedId(['a', 'b'], 'a', false)).toEqual(['b']);
  });
});
