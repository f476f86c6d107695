import type { Invite } from '@chat/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

/** Invites a friend: any member of a public room, admins and owners of a private one. */
export function inviteToRoom(roomId: string, userId: string): Promise<Invite> {
  return api.post<Invite>(`/rooms/${encodeURIComponent(roomId)}/invites`, { userId });
}

export function useInviteToRoom(roomId: string) {
  return useMutation({ mutationFn: (userId: string) => inviteToRoom(roomId, userId) });
}
