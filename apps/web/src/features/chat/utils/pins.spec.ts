import { describe, expect, it } from '@jest/globals';
import { message, room, seqs } from '../testing/fixtures';
import { applyPinnedMessage, canPinIn, removePinned } from './pins';

const pinned = (seq: number, at: string) => message(seq, { pinnedAt: `2026-11-20T${at}:00.000Z` });

describe('canPinIn', () => {
  it('lets admins and owners pin in groups, either member in a direct room, and nobody outside', () => {
    expect(canPinIn(room('g', { myRole: 'member' }))).toBe(false);
    expect(canPinIn(room('g', { myRole: 'admin' }))).toBe(true);
    expect(canPinIn(room('g', { myRole: 'owner' }))).toBe(true);
    expect(canPinIn(room('d', { kind: 'direct', myRole: 'member' }))).toBe(true);
    expect(canPinIn(room('d', { kind: 'direct', myRole: null }))).toBe(false);
  });
});

describe('applyPinnedMessage', () => {
  const pins = [pinned(2, '14:00'), pinned(9, '12:00')];

  it('adds a new pin at its place, newest pin first', () => {
    expect(seqs(applyPinnedMessage(pins, pinned(5, '13:00')))).toEqual([2, 5, 9]);
    expect(seqs(applyPinnedMessage(pins, pinned(1, '15:00')))).toEqual([1, 2, 9]);
  });

  it('replaces the copy of an edited pinned message and removes an unpinned or deleted one', () => {
    const edited = applyPinnedMessage(pins, { ...pinned(9, '12:00'), body: 'edited' });
    expect(edited.map((m) => m.body)).toEqual(['message 2', 'edited']);
    expect(seqs(applyPinnedMessage(pins, message(2)))).toEqual([9]);
    expect(seqs(applyPinnedMessage(pins, { ...pinned(9, '12:00'), deletedAt: '2026-11-21T00:00:00.000Z' }))).toEqual([2]);
  });

  it('answers the same list when nothing changes', () => {
    expect(applyPinnedMessage(pins, message(7))).toBe(pins);
    expect(applyPinnedMessage(pins, pins[0]!)).toBe(pins);
    expect(removePinned(pins, 'nope')).toBe(pins);
    expect(seqs(removePinned(pins, 'm2'))).toEqual([9]);
  });
});
