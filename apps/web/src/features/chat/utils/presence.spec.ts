import { describe, expect, it } from '@jest/globals';
import { member, message, room, user } from '../testing/fixtures';
import { patchPresence } from './presence';

const online = { online: true, lastSeenAt: null };

describe('patchPresence', () => {
  it('updates the person wherever a cached answer holds them', () => {
    const members = [member(user('ada')), member(user('bo'))];
    const patched = patchPresence(members, 'bo', online);
    expect(patched[1]!.user.online).toBe(true);
    expect(patched[0]).toBe(members[0]);

    const requests = [{ id: 'q', from: user('bo'), to: user('ada'), status: 'pending', createdAt: '' }];
    expect(patchPresence(requests, 'bo', online)[0]!.from.online).toBe(true);
    expect(patchPresence(user('bo'), 'bo', online).online).toBe(true);
  });

  it('returns the same object when the person is absent or unchanged', () => {
    const rooms = [room('r1', { lastMessage: message(1) })];
    expect(patchPresence(rooms, 'nobody', online)).toBe(rooms);
    const already = [user('bo', { online: true })];
    expect(patchPresence(already, 'bo', online)).toBe(already);
  });

  it('leaves look-alikes without a username alone', () => {
    const notAUser = [{ id: 'bo', online: false }];
    expect(patchPresence(notAUser, 'bo', online)).toBe(notAUser);
  });
});
