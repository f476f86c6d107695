import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { FriendshipState } from '@chat/contracts';
import { createServiceTest, expectAppError, type ServiceTest } from '../../../test/service-harness.js';
import type { UserEntity } from '../users/entities/user.entity.js';
import { FriendshipsModule } from './friendships.module.js';
import { FriendshipsService } from './friendships.service.js';
import { PeopleService } from './people.service.js';

describe('FriendshipsService on a real database', () => {
  let t: ServiceTest;
  let friends: FriendshipsService;
  let people: PeopleService;
  beforeAll(async () => {
    t = await createServiceTest([FriendshipsModule]);
    friends = t.get(FriendshipsService);
    people = t.get(PeopleService);
  });
  afterAll(async () => {
    await t?.close();
  });

  let a: UserEntity, b: UserEntity, c: UserEntity;
  beforeEach(async () => {
    [a, b, c] = await Promise.all([t.createUser(), t.createUser(), t.createUser()]);
    t.events.clear();
  });

  /** How `viewer` sees each of `others`, through PeopleService (the relation every `User` shape carries). */
  const statesSeenBy = async (viewer: UserEntity, ...others: UserEntity[]): Promise<FriendshipState[]> => {
    const byId = await people.byId(
      viewer.id,
      others.map((o) => o.id),
    );
    return others.map((o) => byId.get(o.id)!.friendship);
  };
  const friendshipRows = async (x: UserEntity, y: UserEntity) =>
    Number(
      (
        await t.sql<{ n: string }>(
          `SELECT count(*) AS n FROM friendships WHERE (user_a, user_b) IN (($1::uuid, $2::uuid), ($2::uuid, $1::uuid))`,
          [x.id, y.id],
        )
      )[0]!.n,
    );

  describe('sendRequest', () => {
    it('stores a pending request, answers it as the sender sees it and tells the recipient', async () => {
      const request = await friends.sendRequest(a.id, b.id);
      expect(request).toMatchObject({
        status: 'pending',
        from: { id: a.id, friendship: 'self' },
        to: { id: b.id, friendship: 'outgoing' },
      });
      expect(t.events.names()).toEqual(['friendship.requested']);
      // the event carries the request as its recipient sees it
      expect(t.events.of('friendship.requested')).toEqual([
        {
          request: {
            ...request,
            from: { ...request.from, friendship: 'incoming' },
            to: { ...request.to, friendship: 'self' },
          },
        },
      ]);
      expect(await statesSeenBy(a, b, c)).toEqual(['outgoing', 'none']);
      expect(await statesSeenBy(b, a, b)).toEqual(['incoming', 'self']);
      expect((await friends.listPending(b.id, 'incoming')).map((r) => r.id)).toEqual([request.id]);
      expect((await friends.listPending(a.id, 'outgoing')).map((r) => r.id)).toEqual([request.id]);
      expect(await friends.listPending(a.id, 'incoming')).toEqual([]);
    });

    it('refuses a request to oneself (400), to an unknown user (404), and emits nothing', async () => {
      await expectAppError(friends.sendRequest(a.id, a.id), 400, 'VALIDATION_FAILED');
      await expectAppError(friends.sendRequest(a.id, randomUUID()), 404, 'NOT_FOUND');
      expect(t.events.all()).toEqual([]);
    });

    it('refuses a second pending request for the pair (409, one row)', async () => {
      await friends.sendRequest(a.id, b.id);
      await expectAppError(friends.sendRequest(a.id, b.id), 409, 'CONFLICT');
      const rows = await t.sql(`SELECT id FROM friend_requests WHERE from_id = $1 AND to_id = $2`, [a.id, b.id]);
      expect(rows).toHaveLength(1);
      expect(t.events.names()).toEqual(['friendship.requested']);
    });

    it('refuses a request between friends (409)', async () => {
      const request = await friends.sendRequest(a.id, b.id);
      await friends.respond(b.id, request.id, 'accept');
      await expectAppError(friends.sendRequest(a.id, b.id), 409, 'CONFLICT');
      await expectAppError(friends.sendRequest(b.id, a.id), 409, 'CONFLICT');
    });

    it('accepts a crossing request instead of storing a second one: the pair become friends', async () => {
      const first = await friends.sendRequest(a.id, b.id);
      t.events.clear();
      const answer = await friends.sendRequest(b.id, a.id);
      expect(answer).toMatchObject({ id: first.id, status: 'accepted', from: { id: a.id }, to: { id: b.id } });
      expect(await friends.areFriends(a.id, b.id)).toBe(true);
      expect(await statesSeenBy(a, b)).toEqual(['friends']);
      expect(await statesSeenBy(b, a)).toEqual(['friends']);
      expect(t.events.names()).toEqual(['friendship.accepted']);
      expect(t.events.of('friendship.accepted')[0]).toMatchObject({ by: b.id, request: { id: first.id, status: 'accepted' } });
      expect(await t.sql(`SELECT status FROM friend_requests WHERE from_id = $1 OR from_id = $2`, [a.id, b.id])).toEqual([
        { status: 'accepted' },
      ]);
    });
  });

  describe('respond', () => {
    it('accept: the pair become friends (one row) and the sender is told, with the accepter as they now see them', async () => {
      const request = await friends.sendRequest(a.id, b.id);
      t.events.clear();
      const answered = await friends.respond(b.id, request.id, 'accept');
      expect(answered).toMatchObject({ id: request.id, status: 'accepted', from: { id: a.id }, to: { id: b.id, friendship: 'self' } });
      expect(await friends.areFriends(a.id, b.id)).toBe(true);
      expect(await friends.areFriends(b.id, a.id)).toBe(true);
      expect(await friendshipRows(a, b)).toBe(1);
      expect(await friends.friendIds(a.id)).toEqual([b.id]);
      expect(await friends.friendIds(b.id)).toEqual([a.id]);
      expect((await friends.listFriends(a.id)).map((u) => [u.id, u.friendship])).toEqual([[b.id, 'friends']]);
      expect(await friends.listPending(b.id, 'incoming')).toEqual([]);

      const [event] = t.events.of('friendship.accepted');
      expect(t.events.names()).toEqual(['friendship.accepted']);
      expect(event!.by).toBe(b.id);
      // as the request's sender sees it
      expect(event!.request).toMatchObject({
        id: request.id,
        status: 'accepted',
        from: { id: a.id, friendship: 'self' },
        to: { id: b.id, friendship: 'friends' },
      });
      expect(event!.accepter).toMatchObject({ id: b.id, username: b.username, friendship: 'friends' });
    });

    it('reject: no friendship, the request is closed and the sender is told', async () => {
      const request = await friends.sendRequest(a.id, b.id);
      t.events.clear();
      const answered = await friends.respond(b.id, request.id, 'reject');
      expect(answered).toMatchObject({ id: request.id, status: 'rejected' });
      expect(await friends.areFriends(a.id, b.id)).toBe(false);
      expect(await statesSeenBy(a, b)).toEqual(['none']);
      expect(await statesSeenBy(b, a)).toEqual(['none']);
      expect(t.events.names()).toEqual(['friendship.request-closed']);
      expect(t.events.of('friendship.request-closed')[0]).toMatchObject({
        notify: a.id,
        request: { id: request.id, status: 'rejected', from: { id: a.id, friendship: 'self' }, to: { id: b.id, friendship: 'none' } },
      });
      // closed: a new request may be sent
      expect((await friends.sendRequest(a.id, b.id)).status).toBe('pending');
    });

    it('cancel: the sender withdraws, the recipient is told', async () => {
      const request = await friends.sendRequest(a.id, b.id);
      t.events.clear();
      const answered = await friends.respond(a.id, request.id, 'cancel');
      expect(answered).toMatchObject({ id: request.id, status: 'cancelled' });
      expect(await statesSeenBy(b, a)).toEqual(['none']);
      expect(await friends.listPending(b.id, 'incoming')).toEqual([]);
      expect(t.events.names()).toEqual(['friendship.request-closed']);
      expect(t.events.of('friendship.request-closed')[0]).toMatchObject({
        notify: b.id,
        request: { id: request.id, status: 'cancelled', to: { id: b.id, friendship: 'self' } },
      });
    });

    it('404 to a stranger and for an unknown request; 403 for the other party’s action; nothing changes', async () => {
      const request = await friends.sendRequest(a.id, b.id);
      t.events.clear();
      for (const action of ['accept', 'reject', 'cancel'] as const) {
        await expectAppError(friends.respond(c.id, request.id, action), 404, 'NOT_FOUND');
        await expectAppError(friends.respond(a.id, randomUUID(), action), 404, 'NOT_FOUND');
      }
      await expectAppError(friends.respond(a.id, request.id, 'accept'), 403, 'FORBIDDEN'); // the sender cannot accept
      await expectAppError(friends.respond(a.id, request.id, 'reject'), 403, 'FORBIDDEN');
      await expectAppError(friends.respond(b.id, request.id, 'cancel'), 403, 'FORBIDDEN'); // the recipient cannot cancel
      expect(await t.sql(`SELECT status FROM friend_requests WHERE id = $1`, [request.id])).toEqual([{ status: 'pending' }]);
      expect(t.events.all()).toEqual([]);
    });

    it('409 for a request answered already, whatever the second answer', async () => {
      const request = await friends.sendRequest(a.id, b.id);
      await friends.respond(b.id, request.id, 'reject');
      t.events.clear();
      await expectAppError(friends.respond(b.id, request.id, 'accept'), 409, 'CONFLICT');
      await expectAppError(friends.respond(b.id, request.id, 'reject'), 409, 'CONFLICT');
      await expectAppError(friends.respond(a.id, request.id, 'cancel'), 409, 'CONFLICT');
      expect(await friends.areFriends(a.id, b.id)).toBe(false);
      expect(t.events.all()).toEqual([]);
    });

    it('two racing accepts of one request: exactly one wins, the other is 409; one friendship, one event', async () => {
      for (let round = 0; round < 5; round++) {
        const [x, y] = await Promise.all([t.createUser(), t.createUser()]);
        const request = await friends.sendRequest(x.id, y.id);
        t.events.clear();
        const results = await Promise.allSettled([
          friends.respond(y.id, request.id, 'accept'),
          friends.respond(y.id, request.id, 'accept'),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const [lost] = results.filter((r) => r.status === 'rejected');
        await expectAppError(Promise.reject(lost!.reason), 409, 'CONFLICT');
        expect(await friendshipRows(x, y)).toBe(1);
        expect(t.events.names()).toEqual(['friendship.accepted']);
      }
    });

    it('an accept racing a cancel: one wins, and friendship exists exactly when the accept won', async () => {
      for (let round = 0; round < 5; round++) {
        const [x, y] = await Promise.all([t.createUser(), t.createUser()]);
        const request = await friends.sendRequest(x.id, y.id);
        t.events.clear();
        const [accepted, cancelled] = await Promise.allSettled([
          friends.respond(y.id, request.id, 'accept'),
          friends.respond(x.id, request.id, 'cancel'),
        ]);
        expect([accepted!.status, cancelled!.status].sort()).toEqual(['fulfilled', 'rejected']);
        const acceptWon = accepted!.status === 'fulfilled';
        expect(await friends.areFriends(x.id, y.id)).toBe(acceptWon);
        const [{ status }] = await t.sql<{ status: string }>(`SELECT status FROM friend_requests WHERE id = $1`, [request.id]);
        expect(status).toBe(acceptWon ? 'accepted' : 'cancelled');
        expect(t.events.names()).toEqual([acceptWon ? 'friendship.accepted' : 'friendship.request-closed']);
      }
    });
  });

  describe('unfriend', () => {
    it('ends the friendship for both, tells the other, and a second unfriend is 404', async () => {
      await friends.respond(b.id, (await friends.sendRequest(a.id, b.id)).id, 'accept');
      await friends.respond(c.id, (await friends.sendRequest(a.id, c.id)).id, 'accept');
      t.events.clear();
      await friends.unfriend(b.id, a.id); // either side may end it
      expect(await friends.areFriends(a.id, b.id)).toBe(false);
      expect(await friends.friendIds(a.id)).toEqual([c.id]); // the other friendship stays
      expect(await friends.friendIds(b.id)).toEqual([]);
      expect(await statesSeenBy(a, b, c)).toEqual(['none', 'friends']);
      expect(t.events.all()).toEqual([{ name: 'friendship.removed', payload: { by: b.id, other: a.id } }]);

      t.events.clear();
      await expectAppError(friends.unfriend(a.id, b.id), 404, 'NOT_FOUND');
      await expectAppError(friends.unfriend(b.id, c.id), 404, 'NOT_FOUND'); // never friends
      expect(t.events.all()).toEqual([]);
      // and they may become friends again
      await friends.respond(a.id, (await friends.sendRequest(b.id, a.id)).id, 'accept');
      expect(await friends.areFriends(a.id, b.id)).toBe(true);
    });
  });

  describe('friendship states (PeopleService)', () => {
    it('follow a request through none → outgoing/incoming → friends → none, the same from either side', async () => {
      expect(await statesSeenBy(a, a, b)).toEqual(['self', 'none']);
      const request = await friends.sendRequest(a.id, b.id);
      expect(await statesSeenBy(a, b)).toEqual(['outgoing']);
      expect(await statesSeenBy(b, a)).toEqual(['incoming']);
      expect(await statesSeenBy(c, a, b)).toEqual(['none', 'none']); // a third party sees no relation
      await friends.respond(b.id, request.id, 'accept');
      expect(await statesSeenBy(a, b)).toEqual(['friends']);
      expect(await statesSeenBy(b, a)).toEqual(['friends']);
      await friends.unfriend(a.id, b.id);
      expect(await statesSeenBy(a, b)).toEqual(['none']);
      expect(await statesSeenBy(b, a)).toEqual(['none']);
    });

    it('answers every relation of one viewer in one batch', async () => {
      const [d, e] = await Promise.all([t.createUser(), t.createUser()]);
      await friends.sendRequest(a.id, b.id); // outgoing
      await friends.sendRequest(c.id, a.id); // incoming
      await friends.respond(a.id, (await friends.sendRequest(d.id, a.id)).id, 'accept'); // friends
      const users = await people.present(a.id, [a, b, c, d, e]);
      expect(users.map((u) => [u.id, u.friendship])).toEqual([
        [a.id, 'self'],
        [b.id, 'outgoing'],
        [c.id, 'incoming'],
        [d.id, 'friends'],
        [e.id, 'none'],
      ]);
      // relations: false (payloads broadcast to many viewers) leaves them out
      expect((await people.present(a.id, [a, b, d], { relations: false })).map((u) => u.friendship)).toEqual(['self', 'none', 'none']);
    });
  });
});
