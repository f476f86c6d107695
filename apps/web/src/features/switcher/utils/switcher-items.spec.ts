import { describe, expect, it } from '@jest/globals';
import type { Room, User } from '@chat/contracts';
import { buildItems, matchScore, normalize, rankItems } from './switcher-items';

function room(id: string, name: string, extra: Partial<Room> = {}): Room {
  return {
    id,
    kind: 'group',
    name,
    description: '',
    visibility: 'public',
    avatarUrl: null,
    coverUrl: null,
    createdBy: 'u-me',
    memberCount: 2,
    lastSeq: 0,
    lastMessage: null,
    myRole: 'member',
    myReadSeq: 0,
    unreadCount: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

function user(id: string, displayName: string, username: string): User {
  return {
    id,
    username,
    displayName,
    bio: '',
    birthdate: null,
    avatarUrl: null,
    coverUrl: null,
    online: false,
    lastSeenAt: null,
    friendship: 'none',
    createdAt: '2026-01-01T00:00:00.000Z',
  } as User;
}

const zoe = user('u-zoe', 'Zoë Martin', 'zoe');
const max = user('u-max', 'Max Design', 'maxd');
const me = user('u-me', 'Me Myself', 'me');

describe('matchScore', () => {
  it('prefers the whole text, then its start, then a word start, then anywhere, then letters in order', () => {
    const q = 'de';
    expect(matchScore('de', q)).toBe(0);
    expect(matchScore('design team', q)).toBe(1);
    expect(matchScore('team design', q)).toBe(2);
    expect(matchScore('wonderdesk', q)).toBe(3);
    expect(matchScore('dark mode', 'dm')).toBe(4);
    expect(matchScore('team', q)).toBeNull();
  });

  it('finds accented names without the accents', () => {
    expect(matchScore(normalize('Zoë Martin'), normalize('zoe'))).toBe(1);
  });
});

describe('buildItems', () => {
  it('lists conversations first, names a DM after its peer, and does not repeat a person reachable by a DM', () => {
    const rooms = [room('r-dm', '', { kind: 'direct', unreadCount: 2 }), room('r-design', 'Design team')];
    const items = buildItems(rooms, new Map([['r-dm', zoe]]), [zoe, max], [max, me], 'u-me');
    expect(items.map((i) => [i.kind, i.label, i.to])).toEqual([
      ['direct', 'Zoë Martin', '/rooms/r-dm'],
      ['room', 'Design team', '/rooms/r-design'],
      ['person', 'Max Design', '/users/u-max'],
    ]);
    expect(items[0]!.unread).toBe(2);
  });
});

describe('rankItems', () => {
  const items = buildItems(
    [room('r-general', 'General'), room('r-design', 'Design team', { description: 'mockups' }), room('r-dm', '', { kind: 'direct' })],
    new Map([['r-dm', zoe]]),
    [max],
    [],
    'u-me',
  );

  it('keeps the resting order (latest activity first) with no query, up to the limit', () => {
    expect(rankItems(items, '  ', 2).map((i) => i.label)).toEqual(['General', 'Design team']);
  });

  it('puts a prefix match before a word match, and a conversation before a person at the same quality', () => {
    expect(rankItems(items, 'des').map((i) => i.label)).toEqual(['Design team', 'Max Design']);
  });

  it('matches usernames and descriptions, a little behind names', () => {
    expect(rankItems(items, 'mock').map((i) => i.label)).toEqual(['Design team']);
    expect(rankItems(items, 'zoe').map((i) => i.label)).toEqual(['Zoë Martin']);
  });

  it('returns nothing when nothing matches', () => {
    expect(rankItems(items, 'xyz')).toEqual([]);
  });
});
