import { describe, expect, it } from '@jest/globals';
import { member, user } from '../testing/fixtures';
import { readersOf, seenText, typingText } from './people-text';

describe('typingText', () => {
  it('names who is typing, briefly past three', () => {
    expect(typingText([])).toBeNull();
    expect(typingText(['Ada'])).toBe('Ada is typing…');
    expect(typingText(['Ada', 'Bo'])).toBe('Ada and Bo are typing…');
    expect(typingText(['Ada', 'Bo', 'Cy'])).toBe('Ada, Bo and Cy are typing…');
    expect(typingText(['Ada', 'Bo', 'Cy', 'Di', 'Ed'])).toBe('Ada, Bo and 3 others are typing…');
  });
});

describe('read receipts', () => {
  const members = [member(user('me'), 9), member(user('ada'), 7), member(user('bo'), 5), member(user('cy'), 9)];

  it('lists the other members whose marker reached the message', () => {
    expect(readersOf(members, 'me', 7).map((u) => u.id)).toEqual(['ada', 'cy']);
    expect(readersOf(members, 'me', 10)).toEqual([]);
  });

  it('says "Seen" in a direct room and names the readers in a group', () => {
    expect(seenText(readersOf(members, 'me', 7), true)).toBe('Seen');
    expect(seenText(readersOf(members, 'me', 7), false)).toBe('Seen by Ada and Cy');
    expect(seenText(readersOf(members, 'me', 3), false)).toBe('Seen by Ada, Bo and Cy');
    expect(seenText([], false)).toBeNull();
  });
});
