import type { Member, Room, RoomRole } from '@chat/contracts';

/** The server's order of roles: a higher rank may do everything a lower one may. */
export const ROLE_RANK: Record<RoomRole, number> = { member: 0, admin: 1, owner: 2 };

export const ROLE_LABEL: Record<RoomRole, string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

export function atLeast(role: RoomRole | null, min: RoomRole): boolean {
  return role !== null && ROLE_RANK[role] >= ROLE_RANK[min];
}

export interface RoomAbilities {
  /** Change name, description and visibility. */
  edit: boolean;
  invite: boolean;
  leave: boolean;
  delete: boolean;
}

/** What I may do with a room as a whole, by my role (the server checks each again). Direct rooms have no tools. */
export function roomAbilities(room: Pick<Room, 'kind' | 'visibility' | 'myRole'>): RoomAbilities {
  const group = room.kind === 'group' && room.myRole !== null;
  return {
    edit: group && atLeast(room.myRole, 'admin'),
    invite: group && (room.visibility === 'public' || atLeast(room.myRole, 'admin')),
    // Offered to the last owner too: the server explains that they must hand over first.
    leave: group,
    delete: group && room.myRole === 'owner',
  };
}

export interface MemberActions {
  /** The roles the member can be given (never the one they have); empty when I cannot change it. */
  roles: RoomRole[];
  remove: boolean;
  /** Ban from the room: only someone whose role is below mine (the server's rule of bans). */
  ban: boolean;
}

export interface Viewer {
  id: string;
  role: RoomRole | null;
}

const ROLES: RoomRole[] = ['owner', 'admin', 'member'];

/**
 * What I may do to one member, mirroring the server so impossible actions are not offered: only owners change roles
 * (their own too, while another owner remains, since a room always keeps one); admins and owners remove others whose
 * role is not above their own, and ban those whose role is below it.
 */
export function memberActions(viewer: Viewer, member: Pick<Member, 'role'> & { user: { id: string } }, ownerCount: number): MemberActions {
  const self = member.user.id === viewer.id;
  const canSetRoles = viewer.role === 'owner' && (!self || ownerCount > 1);
  return {
    roles: canSetRoles ? ROLES.filter((r) => r !== member.role) : [],
    remove: !self && atLeast(viewer.role, 'admin') && ROLE_RANK[member.role] <= ROLE_RANK[viewer.role!],
    ban: !self && atLeast(viewer.role, 'admin') && ROLE_RANK[member.role] < ROLE_RANK[viewer.role!],
  };
}

/** Owners, then admins, then members; within a role, who joined first. The server's order, kept after local edits. */
export function sortMembers(members: Member[]): Member[] {
  return [...members].sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.joinedAt.localeCompare(b.joinedAt));
}
