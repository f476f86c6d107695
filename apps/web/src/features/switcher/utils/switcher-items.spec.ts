import { describe, expect, it } from '@jest/globals';
import type { Room, User } from '@chat/contracts';
import { buildItems, rankItems } from './switcher-items';

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
    notify: { level: extra.kind === 'direct' ? 'all' : 'mentions', mutedUntil: null },
    mentionCount: 0,
    roomMentions: 'admins',
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

  it('matches usernames by their start and descriptions by a word start, behind names', () => {
    expect(rankItems(items, 'mock').map((i) => i.label)).toEqual(['Design team']);
    expect(rankItems(items, 'zoe').map((i) => i.label)).toEqual(['Zoë Martin']);
    expect(rankItems(items, 'maxd').map((i) => i.label)).toEqual(['Max Design']);
  });

  it('finds names by their initials and ignores accents', () => {
    expect(rankItems(items, 'dt').map((i) => i.label)).toEqual(['Design team']);
    expect(rankItems(items, 'ZOË').map((i) => i.label)).toEqual(['Zoë Martin']);
  });

  it('returns nothing when nothing matches', () => {
    expect(rankItems(items, 'xyz')).toEqual([]);
  });
});

describe('rankItems: exact and prefix names first, weak matches cut (issue 13, item 11)', () => {
  const sebastian = user('u-seb', 'Sebastian Cole', 'sebc');
  const items = buildItems(
    [
      room('r-plans', 'Weekend plans', { description: 'Second breakfast, then a walk' }),
      room('r-design', 'Design team', { description: 'Mockups, reviews and the weekly standup' }),
      room('r-sec-team', 'Team security'),
      room('r-sec', 'Security'),
      room('r-insec', 'Insecure ideas'),
    ],
    new Map(),
    [sebastian],
    [],
    'u-me',
  );

  it('"sec": the exact-prefix name first, then a word start, then inside a word; a description only after them', () => {
    expect(rankItems(items, 'sec').map((i) => i.label)).toEqual(['Security', 'Team security', 'Insecure ideas', 'Weekend plans']);
  });

  it('letters merely in order, in a name or a description, do not match', () => {
    // s…e…c in "Sebastian Cole" and in "Design team"'s description: weak, cut.
    expect(rankItems(items, 'sec').map((i) => i.label)).not.toContain('Sebastian Cole');
    expect(rankItems(items, 'sec').map((i) => i.label)).not.toContain('Design team');
  });

  it('a short term does not search descriptions', () => {
    expect(rankItems(items, 'se').map((i) => i.label)).not.toContain('Weekend plans');
  });

  it('an exact name beats a longer name that starts with it', () => {
    const two = buildItems([room('r-long', 'Design team 2'), room('r-exact', 'Design')], new Map(), [], [], 'u-me');
    expect(rankItems(two, 'design').map((i) => i.label)).toEqual(['Design', 'Design team 2']);
  });
});
