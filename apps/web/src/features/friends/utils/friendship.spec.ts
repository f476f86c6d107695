import { describe, expect, it } from '@jest/globals';
import type { FriendRequest, User } from '@chat/contracts';
import { friendshipView, resolveFriendship } from './friendship';

const user = (id: string): User => ({
  id,
  username: id,
  displayName: id,
  bio: '',
  birthdate: null,
  avatarUrl: null,
  coverUrl: null,
  online: false,
  lastSeenAt: null,
  friendship: 'none',
  createdAt: '2026-01-01T00:00:00Z',
});
const request = (id: string, from: string, to: string, status: FriendRequest['status'] = 'pending'): FriendRequest => ({
  id,
  from: user(from),
  to: user(to),
  status,
  createdAt: '2026-01-01T00:00:00Z',
});

describe('friendshipView', () => {
  it.each([
    ['none', null, ['add', 'message']],
    ['outgoing', 'Request sent', ['cancel', 'message']],
    ['incoming', 'Wants to be your friend', ['accept', 'reject', 'message']],
    ['friends', 'Friends', ['message', 'unfriend']],
    ['self', null, []],
  ] as const)('%s → status %p, actions %p', (state, status, actions) => {
    expect(friendshipView(state)).toEqual({ status, actions });
  });

  it('always offers Message to someone else, since their dmPolicy may allow it', () => {
    for (const state of ['none', 'outgoing', 'incoming', 'friends'] as const) expect(friendshipView(state).actions).toContain('message');
  });
});

describe('resolveFriendship', () => {
  const lists = { friends: [user('f1')], incoming: [request('r-in', 'bob', 'me')], outgoing: [request('r-out', 'me', 'carol')] };

  it('finds the request to answer, or to cancel, with its id', () => {
    expect(resolveFriendship('bob', { profileState: 'none', ...lists })).toEqual({ state: 'incoming', requestId: 'r-in' });
    expect(resolveFriendship('carol', { profileState: 'none', ...lists })).toEqual({ state: 'outgoing', requestId: 'r-out' });
    expect(resolveFriendship('f1', { profileState: 'outgoing', ...lists })).toEqual({ state: 'friends', requestId: null });
  });

  it('trusts the live lists over a stale profile: a request cancelled meanwhile means no friendship', () => {
    expect(resolveFriendship('dave', { profileState: 'incoming', ...lists })).toEqual({ state: 'none', requestId: null });
  });

  it("keeps the profile's state while a list is still loading, without an id to act on", () => {
    expect(resolveFriendship('dave', { profileState: 'outgoing', friends: [], incoming: [] })).toEqual({
      state: 'outgoing',
      requestId: null,
    });
  });

  it('ignores requests that are no longer pending and never resolves myself to anything else', () => {
    const answered = { friends: [], incoming: [request('old', 'bob', 'me', 'rejected')], outgoing: [] };
    expect(resolveFriendship('bob', { profileState: 'incoming', ...answered })).toEqual({ state: 'none', requestId: null });
    expect(resolveFriendship('me', { profileState: 'self', ...lists })).toEqual({ state: 'self', requestId: null });
  });
});
