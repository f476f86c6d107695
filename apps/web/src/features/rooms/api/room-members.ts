import type { Member, RoomRole } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { roomMembersQueryOptions, roomQueryOptions } from '../../../lib/room-queries';
import { sortMembers } from '../utils/room-permissions';

export type SetRoleInput = { userId: string; role: RoomRole };

/** Owners only; the last owner cannot step down (409). */
export function setMemberRole(roomId: string, { userId, role }: SetRoleInput): Promise<Member> {
  return api.patch<Member>(`/rooms/${encodeURIComponent(roomId)}/members/${encodeURIComponent(userId)}`, { role });
}

/** Admins and owners remove members whose role is not above their own. */
export function removeMember(roomId: string, userId: string): Promise<void> {
  return api.delete(`/rooms/${encodeURIComponent(roomId)}/members/${encodeURIComponent(userId)}`);
}

export function useSetMemberRole(roomId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SetRoleInput) => setMemberRole(roomId, input),
    onSuccess: (member) =>
      queryClient.setQueryData(roomMembersQueryOptions(roomId).queryKey, (old) =>
        old ? sortMembers(old.map((m) => (m.user.id === member.user.id ? member : m))) : old,
      ),
    // My own role may have changed (handing over ownership), and with it what the room lets me do.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: roomQueryOptions(roomId).queryKey }),
  });
}

export function useRemoveMember(roomId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => removeMember(roomId, userId),
    onSuccess: (_void, userId) =>
      queryClient.setQueryData(roomMembersQueryOptions(roomId).queryKey, (old) => old?.filter((m) => m.user.id !== userId)),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: roomQueryOptions(roomId).queryKey }),
  });
}
