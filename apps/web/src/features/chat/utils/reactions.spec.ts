import { describe, expect, it } from '@jest/globals';
import { message } from '../testing/fixtures';
import { applyOwnReaction, applyReactionUpdate, keepMyReactions, reactionLabel, reactorsText } from './reactions';

const update = (emoji: string, userId: string, on: boolean, count: number) => ({ roomId: 'r1', messageId: 'm1', emoji, userId, on, count });

describe('applyReactionUpdate', () => {
  it('adds a new emoji last, pressed only when the change was the reader’s', () => {
    const m = message(1, { reactions: [{ emoji: '👍', count: 1, me: false }] });
    expect(applyReactionUpdate(m, update('🎉', 'bo', true, 1), 'ada').reactions).toEqual([
      { emoji: '👍', count: 1, me: false },
      { emoji: '🎉', count: 1, me: false },
    ]);
    expect(applyReactionUpdate(m, update('🎉', 'ada', true, 1), 'ada').reactions[1]).toEqual({ emoji: '🎉', count: 1, me: true });
  });

  it('takes the count from the event (idempotent) and keeps the reader’s `me` for others’ changes', () => {
    const m = message(1, { reactions: [{ emoji: '👍', count: 2, me: true }] });
    const once = applyReactionUpdate(m, update('👍', 'bo', true, 3), 'ada');
    expect(once.reactions).toEqual([{ emoji: '👍', count: 3, me: true }]);
    expect(applyReactionUpdate(once, update('👍', 'bo', true, 3), 'ada')).toBe(once);
    expect(applyReactionUpdate(once, update('👍', 'ada', false, 2), 'ada').reactions).toEqual([{ emoji: '👍', count: 2, me: false }]);
  });

  it('removes an emoji whose count reached 0, and ignores other messages', () => {
    const m = message(1, { reactions: [{ emoji: '👍', count: 1, me: false }] });
    expect(applyReactionUpdate(m, update('👍', 'bo', false, 0), 'ada').reactions).toEqual([]);
    expect(applyReactionUpdate(message(2), update('👍', 'bo', true, 1), 'ada').reactions).toEqual([]);
  });
});

describe('applyOwnReaction', () => {
  it('adds one and presses it, or removes one and drops the chip at 0; a click that changes nothing is no change', () => {
    const m = message(1, { reactions: [{ emoji: '👍', count: 1, me: false }] });
    const on = applyOwnReaction(m, '👍', true);
    expect(on.reactions).toEqual([{ emoji: '👍', count: 2, me: true }]);
    expect(applyOwnReaction(on, '👍', true)).toBe(on);
    expect(applyOwnReaction(applyOwnReaction(message(1), '🎉', true), '🎉', false).reactions).toEqual([]);
  });
});

describe('keepMyReactions', () => {
  it('carries the reader’s `me` into a broadcast copy, with the broadcast’s counts', () => {
    const held = message(1, { reactions: [{ emoji: '👍', count: 1, me: true }] });
    const incoming = message(1, {
      body: 'edited',
      reactions: [
        { emoji: '👍', count: 2, me: false },
        { emoji: '🎉', count: 1, me: false },
      ],
    });
    expect(keepMyReactions(incoming, held).reactions).toEqual([
      { emoji: '👍', count: 2, me: true },
      { emoji: '🎉', count: 1, me: false },
    ]);
    expect(keepMyReactions(incoming, undefined)).toBe(incoming);
  });
});

describe('labels', () => {
  it('reads a chip out with its count and whether you are in it', () => {
    expect(reactionLabel({ emoji: '👍', count: 3, me: true })).toBe('👍 3 reactions, including you');
    expect(reactionLabel({ emoji: '👍', count: 1, me: true })).toBe('👍 1 reaction, yours');
    expect(reactionLabel({ emoji: '🎉', count: 1, me: false })).toBe('🎉 1 reaction');
  });

  it('names who reacted, with "and N others" past the limit', () => {
    expect(reactorsText(['Ada'], 1)).toBe('Ada');
    expect(reactorsText(['You', 'Bo'], 2)).toBe('You and Bo');
    expect(reactorsText(['Ada', 'Bo', 'Cy'], 3)).toBe('Ada, Bo and Cy');
    expect(reactorsText(['Ada', 'Bo'], 5, 2)).toBe('Ada, Bo and 3 others');
  });
});
