import { describe, expect, it } from '@jest/globals';
import { member, user } from '../testing/fixtures';
import { emojiOptions, findTrigger, hexcodeToEmoji, insertCompletion, mentionOptions, shortcodeList } from './autocomplete';

const at = (text: string) => findTrigger(text.replace('|', ''), text.indexOf('|'));

describe('findTrigger', () => {
  it('opens the member list on @ at the start of a word, with what follows it', () => {
    expect(at('@|')).toEqual({ kind: 'mention', start: 0, query: '' });
    expect(at('hi @ad|')).toEqual({ kind: 'mention', start: 3, query: 'ad' });
    expect(at('(@bo.s|')).toEqual({ kind: 'mention', start: 1, query: 'bo.s' });
    expect(at('hi @ada| there')).toEqual({ kind: 'mention', start: 3, query: 'ada' });
  });

  it('stays closed for e-mail addresses, after a space, and inside code', () => {
    expect(at('mail ada@example|')).toBeNull();
    expect(at('@ada |')).toBeNull();
    expect(at('see `@ad|')).toBeNull();
    expect(at('```\n@ad|')).toBeNull();
    expect(at('```\ncode\n```\n@ad|')).toEqual({ kind: 'mention', start: 13, query: 'ad' });
  });

  it('opens the emoji list on : and two characters, not on times or smileys', () => {
    expect(at(':thu|')).toEqual({ kind: 'emoji', start: 0, query: 'thu' });
    expect(at('yes :+1|')).toEqual({ kind: 'emoji', start: 4, query: '+1' });
    expect(at(':t|')).toBeNull();
    expect(at('at 10:30|')).toBeNull();
    expect(at('ok :)|')).toBeNull();
  });
});

describe('insertCompletion', () => {
  it('replaces the trigger and its query, adds one space and puts the caret after it', () => {
    const text = 'hi @ad';
    expect(insertCompletion(text, { kind: 'mention', start: 3, query: 'ad' }, 6, '@ada')).toEqual({ text: 'hi @ada ', caret: 8 });
  });

  it('keeps what follows the caret and does not double a space', () => {
    const text = 'say :thu now';
    expect(insertCompletion(text, { kind: 'emoji', start: 4, query: 'thu' }, 8, '👍')).toEqual({
      text: 'say 👍 now',
      caret: 4 + '👍'.length + 1,
    });
  });
});

describe('mentionOptions', () => {
  const members = [
    member(user('ada', { displayName: 'Ada Lovelace' })),
    member(user('bob_builder', { displayName: 'Bob the Builder' })),
    member(user('grace', { displayName: 'Grace Hopper' })),
  ];

  it('matches username and display name fuzzily, best first, without the writer', () => {
    expect(mentionOptions(members, 'hop', { meId: 'ada', specialAllowed: false }).map((o) => o.username)).toEqual(['grace']);
    expect(mentionOptions(members, 'bb', { meId: 'ada', specialAllowed: false }).map((o) => o.username)).toEqual(['bob_builder']);
    expect(mentionOptions(members, 'a', { meId: 'ada', specialAllowed: false }).map((o) => o.username)).not.toContain('ada');
  });

  it('offers @room and @here only when allowed', () => {
    expect(mentionOptions(members, 'ro', { meId: 'ada', specialAllowed: true }).map((o) => o.username)).toContain('room');
    expect(mentionOptions(members, 'ro', { meId: 'ada', specialAllowed: false }).map((o) => o.username)).not.toContain('room');
    expect(mentionOptions(members, '', { meId: 'ada', specialAllowed: true }).map((o) => o.username)).toEqual([
      'bob_builder',
      'grace',
      'room',
      'here',
    ]);
  });
});

describe('emoji shortcodes', () => {
  const list = shortcodeList({
    '1F44D': ['+1', 'thumbsup'],
    '1F44E': ['-1', 'thumbsdown'],
    '2764': 'heart',
    '1F44D-1F3FB': 'thumbsup_tone1',
    '1F914': 'thinking',
  });

  it('reads Emojibase hexcodes as emoji, lone symbols with the emoji presentation, without skin-tone variants', () => {
    expect(hexcodeToEmoji('1F44D')).toBe('👍');
    expect(hexcodeToEmoji('2764')).toBe('❤️');
    expect(hexcodeToEmoji('1F469-200D-1F4BB')).toBe('👩‍💻');
    expect(list.map((e) => e.emoji).sort()).toEqual(['❤️', '👍', '👎', '🤔'].sort());
  });

  it('answers :thu with 👍 first (prefix matches before inner ones)', () => {
    expect(emojiOptions(list, 'thu')[0]).toEqual({ emoji: '👍', shortcode: 'thumbsup' });
    expect(emojiOptions(list, 'thu').map((o) => o.emoji)).toEqual(['👍', '👎']);
    expect(emojiOptions(list, 'ink').map((o) => o.emoji)).toEqual(['🤔']);
  });
});
