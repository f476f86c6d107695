import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RoomRole } from '@chat/contracts';
import { befriend, createGroupRoom, createServiceTest, expectAppError, type ServiceTest } from '../../../test/service-harness.js';
import { FriendshipsService } from '../friendships/friendships.service.js';
import type { UserEntity } from '../users/entities/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { DirectRoomsService } from './direct-rooms.service.js';
import { InvitesService } from './invites.service.js';
import { MembersService } from './members.service.js';
import { RoomAccessService } from './room-access.service.js';
import { RoomsModule } from './rooms.module.js';

describe('RoomAccessService on a real database', () => {
  let t: ServiceTest;
  let access: RoomAccessService;
  beforeAll(async () => {
    t = await createServiceTest([RoomsModule]);
    access = t.get(RoomAccessService);
  });
  afterAll(async () => {
    await t?.close();
  });

  const users = (n: number) => Promise.all(Array.from({ length: n }, () => t.createUser()));
  const setDmPolicy = (u: UserEntity, dmPolicy: 'friends' | 'everyone') => t.get(UsersService).updateMe(u.id, { dmPolicy });
  const openDirect = async (opener: UserEntity, other: UserEntity) => (await t.get(DirectRoomsService).open(opener.id, other.id)).roomId;
  const mayPost = (roomId: string, u: UserEntity) =>
    access.requirePoster(roomId, u.id).then(
      () => true,
      (err: unknown) => {
        if ((err as { status?: number }).status === 403) return false;
        throw err;
      },
    );

  describe('access and visibleTo: who sees a room', () => {
    it('a member sees their room with their membership; anyone sees a public group room, without one', async () => {
      const [owner, member, stranger] = await users(3);
      const room = await createGroupRoom(t, owner, { members: [member] });
      const seenByMember = await access.access(room.id, member.id);
      expect(seenByMember.room).toMatchObject({ id: room.id, kind: 'group', visibility: 'public' });
      expect(seenByMember.member).toMatchObject({ roomId: room.id, userId: member.id, role: 'member', lastReadSeq: 0 });
      expect((await access.access(room.id, owner.id)).member?.role).toBe('owner');
      const seenByStranger = await access.access(room.id, stranger.id);
      expect(seenByStranger.room.id).toBe(room.id);
      expect(seenByStranger.member).toBeNull();
      expect((await access.visibleTo(room.id, stranger.id))?.room.id).toBe(room.id);
    });

    it('a private room is 404 to a non-member, exactly like a room that does not exist (its existence does not leak)', async () => {
      const [owner, member, stranger] = await users(3);
      const room = await createGroupRoom(t, owner, { visibility: 'private', members: [member] });
      expect((await access.access(room.id, member.id)).member?.role).toBe('member');
      const hidden = await expectAppError(access.access(room.id, stranger.id), 404, 'NOT_FOUND');
      const missing = await expectAppError(access.access(randomUUID(), stranger.id), 404, 'NOT_FOUND');
      expect(hidden.message).toBe(missing.message);
      expect(await access.visibleTo(room.id, stranger.id)).toBeNull();
      expect(await access.visibleTo(randomUUID(), stranger.id)).toBeNull();
      await expectAppError(access.requireMember(room.id, stranger.id), 404, 'NOT_FOUND');
      await expectAppError(access.requirePoster(room.id, stranger.id), 404, 'NOT_FOUND');
      await expectAppError(access.requireRole(room.id, stranger.id, 'member'), 404, 'NOT_FOUND');
    });

    it('an invitee sees the private room they are invited to (not as a member) until they answer', async () => {
      const [owner, invitee, other] = await users(3);
      await befriend(t, owner, invitee);
      await befriend(t, owner, other);
      const room = await createGroupRoom(t, owner, { visibility: 'private' });
      const invites = t.get(InvitesService);
      const invite = await invites.invite(room.id, owner.id, invitee.id);
      const seen = await access.access(room.id, invitee.id);
      expect(seen.room.id).toBe(room.id);
      expect(seen.member).toBeNull();
      expect(await access.visibleTo(room.id, invitee.id)).not.toBeNull();
      await expectAppError(access.requireMember(room.id, invitee.id), 403, 'FORBIDDEN'); // sees it, is not in it
      await expectAppError(access.access(room.id, other.id), 404, 'NOT_FOUND'); // the invite is theirs only

      await invites.reject(invite.id, invitee.id);
      await expectAppError(access.access(room.id, invitee.id), 404, 'NOT_FOUND');

      const second = await invites.invite(room.id, owner.id, invitee.id);
      await invites.accept(second.id, invitee.id);
      expect((await access.requireMember(room.id, invitee.id)).member.role).toBe('member');
    });

    it('a direct room is seen by its two members only', async () => {
      const [x, y, stranger] = await users(3);
      await befriend(t, x, y);
      const roomId = await openDirect(x, y);
      expect((await access.access(roomId, x.id)).room).toMatchObject({ kind: 'direct', createdBy: x.id });
      expect((await access.requireMember(roomId, y.id)).member.role).toBe('member');
      await expectAppError(access.access(roomId, stranger.id), 404, 'NOT_FOUND');
      expect(await access.visibleTo(roomId, stranger.id)).toBeNull();
    });
  });

  describe('requireMember', () => {
    it('403 to a non-member of a public room, the membership to a member, 403 again once they left', async () => {
      const [owner, member, stranger] = await users(3);
      const room = await createGroupRoom(t, owner, { members: [member] });
      await expectAppError(access.requireMember(room.id, stranger.id), 403, 'FORBIDDEN');
      const m = await access.requireMember(room.id, member.id);
      expect(m.member).toMatchObject({ userId: member.id, role: 'member' });
      expect(m.room.id).toBe(room.id);
      await t.get(MembersService).leave(room.id, member.id);
      await expectAppError(access.requireMember(room.id, member.id), 403, 'FORBIDDEN');
    });
  });

  describe('requireRole', () => {
    it('ranks owner above admin above member, and reads the role as it is now', async () => {
      const [owner, admin, member, stranger] = await users(4);
      const room = await createGroupRoom(t, owner, { members: [admin, member] });
      const members = t.get(MembersService);
      await members.setRole(room.id, owner.id, admin.id, 'admin');

      const allowed = async (u: UserEntity, role: RoomRole) =>
        access.requireRole(room.id, u.id, role).then(
          (a) => {
            expect(a.member.userId).toBe(u.id);
            return true;
          },
          async (err: unknown) => {
            await expectAppError(Promise.reject(err), 403, 'FORBIDDEN');
            return false;
          },
        );
      const table = async () => {
        const out: Record<string, boolean[]> = {};
        for (const [name, u] of [
          ['owner', owner],
          ['admin', admin],
          ['member', member],
          ['stranger', stranger],
        ] as const) {
          out[name] = [await allowed(u, 'member'), await allowed(u, 'admin'), await allowed(u, 'owner')];
        }
        return out;
      };
      expect(await table()).toEqual({
        owner: [true, true, true],
        admin: [true, true, false],
        member: [true, false, false],
        stranger: [false, false, false],
      });

      // a promotion and a demotion show at once
      await members.setRole(room.id, owner.id, member.id, 'owner');
      await members.setRole(room.id, owner.id, admin.id, 'member');
      expect(await table()).toEqual({
        owner: [true, true, true],
        admin: [true, false, false],
        member: [true, true, true],
        stranger: [false, false, false],
      });
    });

    it('a direct room has no roles: 403 even for its members', async () => {
      const [x, y] = await users(2);
      await befriend(t, x, y);
      const roomId = await openDirect(x, y);
      await expectAppError(access.requireRole(roomId, x.id, 'member'), 403, 'FORBIDDEN');
      await expectAppError(access.requireRole(roomId, y.id, 'admin'), 403, 'FORBIDDEN');
    });
  });

  describe('requirePoster', () => {
    it('members of a group room may post; a non-member of a public room is 403, of a private one 404', async () => {
      const [owner, member, stranger] = await users(3);
      const open = await createGroupRoom(t, owner, { members: [member] });
      const closed = await createGroupRoom(t, owner, { visibility: 'private', members: [member] });
      for (const room of [open, closed]) {
        expect((await access.requirePoster(room.id, member.id)).member.userId).toBe(member.id);
        expect((await access.requirePoster(room.id, owner.id)).member.role).toBe('owner');
      }
      await expectAppError(access.requirePoster(open.id, stranger.id), 403, 'FORBIDDEN');
      await expectAppError(access.requirePoster(closed.id, stranger.id), 404, 'NOT_FOUND');
    });

    it('in a direct room, friends may post; once unfriended (both friends-only) neither may, and the history stays theirs', async () => {
      const [x, y] = await users(2);
      await befriend(t, x, y);
      const roomId = await openDirect(x, y);
      expect([await mayPost(roomId, x), await mayPost(roomId, y)]).toEqual([true, true]);
      await t.get(FriendshipsService).unfriend(x.id, y.id);
      expect([await mayPost(roomId, x), await mayPost(roomId, y)]).toEqual([false, false]);
      expect((await access.requireMember(roomId, x.id)).member.userId).toBe(x.id); // still a member: reads history
      // friends again: posting again (the permission is decided on every post, never remembered)
      await befriend(t, y, x);
      expect([await mayPost(roomId, x), await mayPost(roomId, y)]).toEqual([true, true]);
    });

    it('a recipient who accepts messages from everyone may be written to without friendship, until they stop accepting', async () => {
      const [writer, everyone] = await users(2);
      await setDmPolicy(everyone, 'everyone');
      const roomId = await openDirect(writer, everyone);
      expect(await mayPost(roomId, writer)).toBe(true);
      await setDmPolicy(everyone, 'friends');
      expect(await mayPost(roomId, writer)).toBe(false);
    });

    it('opened-by rule: a sender who accepts everyone may answer the recipient who opened the conversation, not the reverse', async () => {
      // `opener` (friends only) opened the conversation with `open` (accepts everyone); they are not friends
      const [opener, open] = await users(2);
      await setDmPolicy(open, 'everyone');
      const answered = await openDirect(opener, open);
      expect(await mayPost(answered, open)).toBe(true); // writes to the friends-only opener: they opened it
      await setDmPolicy(open, 'friends');
      expect(await mayPost(answered, open)).toBe(false); // the rule holds only while the sender accepts everyone

      // `x` (accepts everyone) opened the conversation while friends with `y` (friends only), then they unfriended
      const [x, y] = await users(2);
      await befriend(t, x, y);
      await setDmPolicy(x, 'everyone');
      const roomId = await openDirect(x, y);
      await t.get(FriendshipsService).unfriend(y.id, x.id);
      expect(await mayPost(roomId, x)).toBe(false); // y did not open it and accepts friends only
      expect(await mayPost(roomId, y)).toBe(true); // x accepts everyone
    });
  });

  describe('isKnownDirect', () => {
    it('a direct room is known once a member passed requirePoster there, allowed or not; a group room never is', async () => {
      const [x, y, stranger] = await users(3);
      await befriend(t, x, y);
      const direct = await openDirect(x, y);
      const group = await createGroupRoom(t, x, { members: [y] });
      expect(access.isKnownDirect(direct)).toBe(false);
      await expectAppError(access.requirePoster(direct, stranger.id), 404, 'NOT_FOUND'); // a stranger learns nothing
      expect(access.isKnownDirect(direct)).toBe(false);

      await t.get(FriendshipsService).unfriend(x.id, y.id);
      expect(await mayPost(direct, x)).toBe(false);
      expect(access.isKnownDirect(direct)).toBe(true); // the kind is cached, not the permission
      expect(await mayPost(direct, x)).toBe(false);
      await befriend(t, x, y);
      expect(await mayPost(direct, x)).toBe(true);
      expect(access.isKnownDirect(direct)).toBe(true);

      await access.requirePoster(group.id, x.id);
      await access.requireMember(group.id, y.id);
      expect(access.isKnownDirect(group.id)).toBe(false);
    });
  });
});
