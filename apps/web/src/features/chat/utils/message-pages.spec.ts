import { describe, expect, it } from '@jest/globals';
import { message, seqs, user } from '../testing/fixtures';
import { findMessage, flattenPages, lastContiguousSeq, lastSeqHeld, markDeleted, mergeMessages, type MessagePages } from './message-pages';

function pages(...list: Array<{ seqs: number[]; hasMore: boolean }>): MessagePages {
  return {
    pages: list.map((p) => ({ messages: p.seqs.map((s) => message(s)), hasMore: p.hasMore })),
    pageParams: list.map((_, i) => (i === 0 ? undefined : list[i - 1]!.seqs[0])),
  };
}

describe('flattenPages and lastSeqHeld', () => {
  it('reads newest-first pages as one ascending list', () => {
    const data = pages({ seqs: [4, 5, 6], hasMore: true }, { seqs: [1, 2, 3], hasMore: false });
    expect(seqs(flattenPages(data))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lastSeqHeld(data)).toBe(6);
  });

  it('holds nothing for an empty room', () => {
    expect(lastSeqHeld(pages({ seqs: [], hasMore: false }))).toBe(0);
    expect(flattenPages(undefined)).toEqual([]);
  });
});

describe('mergeMessages', () => {
  const base = () => pages({ seqs: [4, 5, 6], hasMore: true }, { seqs: [1, 2, 3], hasMore: true });

  it('appends newer messages to the newest page in seq order', () => {
    const merged = mergeMessages(base(), [message(8), message(7)]);
    expect(seqs(merged.pages[0]!.messages)).toEqual([4, 5, 6, 7, 8]);
    expect(seqs(flattenPages(merged))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('never shows a message twice: a live event and its catch-up copy, or an ack and its broadcast', () => {
    const once = mergeMessages(base(), [message(7)]);
    const twice = mergeMessages(once, [message(7), message(7)]);
    expect(seqs(flattenPages(twice))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(twice).toBe(once);
  });

  it('matches your own message by clientId when the id differs (an idempotent repeat)', () => {
    const data = mergeMessages(base(), [message(7, { id: 'first', clientId: 'abc' })]);
    const repeat = mergeMessages(data, [message(7, { id: 'other', clientId: 'abc', body: 'same' })]);
    expect(flattenPages(repeat).filter((m) => m.clientId === 'abc')).toHaveLength(1);
    // Another sender may use the same clientId: that is a different message.
    const stranger = mergeMessages(data, [message(8, { id: 'x', clientId: 'abc', sender: user('bo') })]);
    expect(seqs(flattenPages(stranger))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('replaces an edited message in place, in whichever page holds it', () => {
    const edited = message(2, { body: 'fixed', editedAt: '2026-11-20T13:00:00.000Z' });
    const data = base();
    const merged = mergeMessages(data, [edited]);
    expect(findMessage(merged, 'm2')?.body).toBe('fixed');
    // The untouched page keeps its identity (its rows do not re-render).
    expect(merged.pages[0]).toBe(data.pages[0]);
    expect(seqs(flattenPages(merged))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps a deletion and a newer edit against late or stale copies', () => {
    const deleted = markDeleted(base(), 'm5', '2026-11-20T13:00:00.000Z');
    expect(findMessage(mergeMessages(deleted, [message(5)]), 'm5')?.deletedAt).not.toBeNull();
    const edited = mergeMessages(base(), [message(5, { body: 'v2', editedAt: '2026-11-20T13:00:02.000Z' })]);
    const stale = mergeMessages(edited, [message(5, { body: 'v1', editedAt: '2026-11-20T13:00:01.000Z' })]);
    expect(findMessage(stale, 'm5')?.body).toBe('v2');
    expect(findMessage(mergeMessages(edited, [message(5)]), 'm5')?.body).toBe('v2');
  });

  it('takes a pin or an unpin, which changes only pinnedAt', () => {
    const pinned = mergeMessages(base(), [message(3, { pinnedAt: '2026-11-20T13:00:00.000Z' })]);
    expect(findMessage(pinned, 'm3')?.pinnedAt).toBe('2026-11-20T13:00:00.000Z');
    expect(findMessage(mergeMessages(pinned, [message(3)]), 'm3')?.pinnedAt).toBeNull();
  });

  it('drops a message older than everything held while older pages remain to be loaded, keeps it at the start', () => {
    const data = pages({ seqs: [4, 5, 6], hasMore: true });
    expect(mergeMessages(data, [message(2)])).toBe(data);
    const start = pages({ seqs: [4, 5, 6], hasMore: false });
    expect(seqs(flattenPages(mergeMessages(start, [message(2)])))).toEqual([2, 4, 5, 6]);
  });

  it('fills the first message of an empty room', () => {
    const merged = mergeMessages(pages({ seqs: [], hasMore: false }), [message(1)]);
    expect(seqs(flattenPages(merged))).toEqual([1]);
  });
});

describe('markDeleted', () => {
  it('turns the message into the contract tombstone and leaves the rest alone', () => {
    const data = pages({ seqs: [1, 2], hasMore: false });
    const next = markDeleted(data, 'm2', '2026-11-20T13:00:00.000Z');
    expect(findMessage(next, 'm2')).toMatchObject({ body: '', attachments: [], deletedAt: '2026-11-20T13:00:00.000Z', seq: 2 });
    expect(findMessage(next, 'm1')).toBe(findMessage(data, 'm1'));
    expect(markDeleted(next, 'm2', 'later')).toBe(next);
    expect(markDeleted(data, 'nope', 'x')).toBe(data);
  });
});

describe('lastContiguousSeq', () => {
  it('stops before a hole, so a catch-up fills it instead of skipping it', () => {
    expect(lastContiguousSeq(pages({ seqs: [4, 5, 6], hasMore: true }, { seqs: [1, 2, 3], hasMore: false }))).toBe(6);
    expect(lastContiguousSeq(pages({ seqs: [1, 2, 5, 6], hasMore: false }))).toBe(2);
    expect(lastContiguousSeq(pages({ seqs: [], hasMore: false }))).toBe(0);
  });
});
