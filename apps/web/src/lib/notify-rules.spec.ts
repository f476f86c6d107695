import { describe, expect, it } from '@jest/globals';
import type { Message, Room, User } from '@chat/contracts';
import { inDnd, isMuted, isMutedForever, isQuiet, MUTED_FOREVER, muteUntil, quietLast, shouldAlert, tomorrowMorning } from './notify-rules';

const NOW = Date.UTC(2026, 11, 5, 20, 0, 0);
const later = (ms: number) => new Date(NOW + ms).toISOString();
const earlier = (ms: number) => new Date(NOW - ms).toISOString();

/** The fields the rules read (the chat feature has fuller fixtures; shared code does not import features). */
const user = (id: string) => ({ id }) as User;
const message = (_seq: number, extra: Partial<Message> = {}): Pick<Message, 'sender' | 'mentions'> => ({
  sender: user('ada'),
  mentions: { userIds: [], room: false, here: false },
  ...extra,
});
const room = (id: string, extra: Partial<Room> = {}) => ({ id, notify: { level: 'mentions' as const, mutedUntil: null }, ...extra });

const fromBo = (extra: Parameters<typeof message>[1] = {}) => message(5, { sender: user('bo'), ...extra });
const mentioningAda = fromBo({ mentions: { userIds: ['ada'], room: false, here: false } });
const plain = fromBo();

describe('shouldAlert (desktop alerts follow the room level, its mute and do-not-disturb)', () => {
  const ctx = (notify: Partial<Room['notify']>, dndUntil: string | null = null, kind: 'group' | 'direct' = 'group') => ({
    meId: 'ada',
    room: { kind, notify: { level: 'all' as const, mutedUntil: null, ...notify } },
    dndUntil,
    now: NOW,
  });

  it('level all alerts for every message of others, never for one’s own', () => {
    expect(shouldAlert(plain, ctx({ level: 'all' }))).toBe(true);
    expect(shouldAlert(message(6, { sender: user('ada') }), ctx({ level: 'all' }))).toBe(false);
  });

  it('level mentions alerts only for messages naming me, @room or @here', () => {
    expect(shouldAlert(plain, ctx({ level: 'mentions' }))).toBe(false);
    expect(shouldAlert(mentioningAda, ctx({ level: 'mentions' }))).toBe(true);
    expect(shouldAlert(fromBo({ mentions: { userIds: ['cy'], room: false, here: false } }), ctx({ level: 'mentions' }))).toBe(false);
    expect(shouldAlert(fromBo({ mentions: { userIds: [], room: true, here: false } }), ctx({ level: 'mentions' }))).toBe(true);
    expect(shouldAlert(fromBo({ mentions: { userIds: [], room: false, here: true } }), ctx({ level: 'mentions' }))).toBe(true);
  });

  it('level none alerts for nothing, a mention included', () => {
    expect(shouldAlert(mentioningAda, ctx({ level: 'none' }))).toBe(false);
  });

  it('a mute that holds silences even mentions; one that ended does not', () => {
    expect(shouldAlert(mentioningAda, ctx({ level: 'all', mutedUntil: later(60_000) }))).toBe(false);
    expect(shouldAlert(mentioningAda, ctx({ level: 'all', mutedUntil: MUTED_FOREVER }))).toBe(false);
    expect(shouldAlert(mentioningAda, ctx({ level: 'all', mutedUntil: earlier(1) }))).toBe(true);
  });

  it('do-not-disturb silences every room while it holds, and only then', () => {
    expect(shouldAlert(mentioningAda, ctx({ level: 'all' }, later(60_000), 'direct'))).toBe(false);
    expect(shouldAlert(mentioningAda, ctx({ level: 'all' }, earlier(60_000), 'direct'))).toBe(true);
    expect(inDnd(null, NOW)).toBe(false);
  });
});

describe('muted rooms in the sidebar', () => {
  it('a muted room and a room set to nothing are quiet; an ended mute is not', () => {
    expect(isQuiet(room('a', { notify: { level: 'all', mutedUntil: later(1000) } }), NOW)).toBe(true);
    expect(isQuiet(room('a', { notify: { level: 'none', mutedUntil: null } }), NOW)).toBe(true);
    expect(isQuiet(room('a', { notify: { level: 'mentions', mutedUntil: earlier(1000) } }), NOW)).toBe(false);
  });

  it('lists quiet rooms last, each part in the order it came (latest activity first)', () => {
    const rooms = [
      room('a', { notify: { level: 'all', mutedUntil: later(1000) } }),
      room('b'),
      room('c', { notify: { level: 'none', mutedUntil: null } }),
      room('d'),
    ];
    expect(quietLast(rooms, NOW).map((r) => r.id)).toEqual(['b', 'd', 'a', 'c']);
    // Once the mute ends, the room is back in its place.
    expect(quietLast(rooms, NOW + 2000).map((r) => r.id)).toEqual(['a', 'b', 'd', 'c']);
  });
});

describe('mute and do-not-disturb presets', () => {
  it('mutes for 1 h, 8 h, 1 day, or until turned back on', () => {
    expect(muteUntil('1h', NOW)).toBe(later(3_600_000));
    expect(muteUntil('8h', NOW)).toBe(later(8 * 3_600_000));
    expect(muteUntil('1d', NOW)).toBe(later(24 * 3_600_000));
    expect(muteUntil('forever', NOW)).toBe(MUTED_FOREVER);
    expect(isMutedForever({ level: 'all', mutedUntil: MUTED_FOREVER })).toBe(true);
    expect(isMutedForever({ level: 'all', mutedUntil: later(3_600_000) })).toBe(false);
    expect(isMuted({ level: 'all', mutedUntil: MUTED_FOREVER }, NOW)).toBe(true);
  });

  it('"until tomorrow" is 08:00 local time on the next day (the tests run in Los Angeles)', () => {
    // 20:00 UTC on Dec 5 is 12:00 in Los Angeles: tomorrow 08:00 there is 16:00 UTC on Dec 6.
    expect(tomorrowMorning(NOW)).toBe('2026-12-06T16:00:00.000Z');
    // 07:30 UTC on Dec 6 is 23:30 on Dec 5 in Los Angeles: still "tomorrow" is Dec 6, 08:00.
    expect(tomorrowMorning(Date.UTC(2026, 11, 6, 7, 30))).toBe('2026-12-06T16:00:00.000Z');
  });
});
