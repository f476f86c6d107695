import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import { reactionEmoji } from './reaction-emoji.js';

describe('reactionEmoji', () => {
  it('accepts one emoji: plain, skin-toned, ZWJ sequences, flags, keycaps', () => {
    for (const e of ['👍', '👍🏽', '👨‍👩‍👧', '🏳️‍🌈', '🇫🇷', '#️⃣', '❤️', '🕵🏽‍♂️', '🏴󠁧󠁢󠁳󠁣󠁴󠁿']) expect(reactionEmoji(e)).toBe(e);
  });

  it('treats variation selectors as the same emoji and answers the fully-qualified form', () => {
    expect(reactionEmoji('❤')).toBe('❤️');
    expect(reactionEmoji('👍\uFE0F')).toBe('👍');
    expect(reactionEmoji('🏳‍🌈')).toBe('🏳️‍🌈');
  });

  it('refuses text, several emoji, parts of emoji and lone components', () => {
    for (const s of ['', 'a', 'xyz', '👍👍', '👍 ', '1', '#', '\uD83D', '🏽', '\u200D', '🇦', '❤\uFE0E', '<b>', '👍a']) {
      expect(reactionEmoji(s)).toBeNull();
    }
  });

  it('maps every emoji of the data set to itself, fully qualified', () => {
    const data = createRequire(import.meta.url)('emojibase-data/en/compact.json') as Array<{ unicode: string; group?: number }>;
    const emoji = data.filter((e) => e.group !== undefined && e.group !== 2);
    expect(emoji.length).toBeGreaterThan(1800);
    for (const e of emoji) expect(reactionEmoji(e.unicode)).toBe(reactionEmoji(e.unicode.replace(/\uFE0F/g, '')));
  });
});
