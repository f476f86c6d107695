import { describe, expect, it } from '@jest/globals';
import type { Member, RoomRole } from '@chat/contracts';
import { memberActions, roomAbilities, sortMembers } from './room-permissions';

const member = (id: string, role: RoomRole, joinedAt = '2026-01-01T00:00:00Z') => ({ user: { id }, role, joinedAt, lastReadSeq: 0 });

describe('memberActions', () => {
  it.each([
    // viewer role, target role, can change roles, can remove, can ban (only a role below one's own)
    ['owner', 'owner', true, true, false],
    ['owner', 'admin', true, true, true],
    ['owner', 'member', true, true, true],
    ['admin', 'owner', false, false, false],
    ['admin', 'admin', false, true, false],
    ['admin', 'member', false, true, true],
    ['member', 'owner', false, false, false],
    ['member', 'admin', false, false, false],
    ['member', 'member', false, false, false],
  ] as const)('a room %s acting on another %s: roles %p, remove %p, ban %p', (viewerRole, targetRole, roles, remove, ban) => {
    const actions = memberActions({ id: 'me', role: viewerRole }, member('them', targetRole), 2);
    expect(actions.roles.length > 0).toBe(roles);
    expect(actions.remove).toBe(remove);
    expect(actions.ban).toBe(ban);
  });

  it('offers every role but the current one', () => {
    expect(memberActions({ id: 'me', role: 'owner' }, member('them', 'member'), 1).roles).toEqual(['owner', 'admin']);
    expect(memberActions({ id: 'me', role: 'owner' }, member('them', 'admin'), 1).roles).toEqual(['owner', 'member']);
  });

  it('never offers removing or banning myself (leaving is its own action)', () => {
    expect(memberActions({ id: 'me', role: 'owner' }, member('me', 'owner'), 2).remove).toBe(false);
    expect(memberActions({ id: 'me', role: 'owner' }, member('me', 'owner'), 2).ban).toBe(false);
  });

  it('lets an owner step down only while another owner remains', () => {
    expect(memberActions({ id: 'me', role: 'owner' }, member('me', 'owner'), 1).roles).toEqual([]);
    expect(memberActions({ id: 'me', role: 'owner' }, member('me', 'owner'), 2).roles).toEqual(['admin', 'member']);
  });

  it('gives someone who is not a member nothing to do', () => {
    expect(memberActions({ id: 'me', role: null }, member('them', 'member'), 1)).toEqual({ roles: [], remove: false, ban: false });
  });
});

describe('roomAbilities', () => {
  it('lets members invite to public rooms, but only admins and owners to private ones', () => {
    expect(roomAbilities({ kind: 'group', visibility: 'public', myRole: 'member' }).invite).toBe(true);
    expect(roomAbilities({ kind: 'group', visibility: 'private', myRole: 'member' }).invite).toBe(false);
    expect(roomAbilities({ kind: 'group', visibility: 'private', myRole: 'admin' }).invite).toBe(true);
  });

  it('keeps editing to admins and owners, and deleting to owners', () => {
    expect(roomAbilities({ kind: 'group', visibility: 'public', myRole: 'member' })).toMatchObject({ edit: false, delete: false });
    expect(roomAbilities({ kind: 'group', visibility: 'public', myRole: 'admin' })).toMatchObject({ edit: true, delete: false });
    expect(roomAbilities({ kind: 'group', visibility: 'public', myRole: 'owner' })).toMatchObject({ edit: true, delete: true });
  });

  it('offers no tools for a direct conversation, nor to someone who has not joined', () => {
    const none = { edit: false, invite: false, leave: false, delete: false };
    expect(roomAbilities({ kind: 'direct', visibility: 'private', myRole: 'member' })).toEqual(none);
    expect(roomAbilities({ kind: 'group', visibility: 'public', myRole: null })).toEqual(none);
  });
});

describe('sortMembers', () => {
  it('puts owners, then admins, then members first, each by who joined first', () => {
    const list = [
      member('m2', 'member', '2026-01-03T00:00:00Z'),
      member('a1', 'admin', '2026-01-05T00:00:00Z'),
      member('m1', 'member', '2026-01-02T00:00:00Z'),
      member('o1', 'owner', '2026-01-04T00:00:00Z'),
    ] as unknown as Member[];
    expect(sortMembers(list).map((m) => m.user.id)).toEqual(['o1', 'a1', 'm1', 'm2']);
  });
});
