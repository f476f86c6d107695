import type { Invite, Room } from '@chat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { joinedRoomsQueryOptions, roomQueryOptions } from '../../../lib/room-queries';

/** Room invites waiting for my answer. */
export function getInvites(signal?: AbortSignal): Promise<Invite[]> {
  return api.get<Invite[]>('/invites', { signal });
}

export function invitesQueryOptions() {
  return queryOptions({ queryKey: queryKeys.invites(), queryFn: ({ signal }) => getInvites(signal) });
}

export function useInvites() {
  return useQuery(invitesQueryOptions());
}

export function acceptInvite(id: string): Promise<Room> {
  return api.post<Room>(`/invites/${encodeURIComponent(id)}/accept`);
}

export function rejectInvite(id: string): Promise<Invite> {
  return api.post<Invite>(`/invites/${encodeURIComponent(id)}/reject`);
}

function useDropInvite() {
  const queryClient = useQueryClient();
  return {
    drop: (id: string) => queryClient.setQueryData(invitesQueryOptions().queryKey, (old) => old?.filter((i) => i.id !== id)),
    refresh: () => void queryClient.invalidateQueries({ queryKey: invitesQueryOptions().queryKey }),
  };
}

/** Joins the room: the answer is the room, seeded into its cache before the conversation opens. */
export function useAcceptInvite() {
  const queryClient = useQueryClient();
  const { drop, refresh } = useDropInvite();
  return useMutation({
    mutationFn: acceptInvite,
    onSuccess: (room, id) => {
      drop(id);
      queryClient.setQueryData(roomQueryOptions(room.id).queryKey, room);
      void queryClient.invalidateQueries({ queryKey: joinedRoomsQueryOptions().queryKey });
    },
    onSettled: refresh,
  });
}

export function useRejectInvite() {
  const { drop, refresh } = useDropInvite();
  return useMutation({
    mutationFn: rejectInvite,
    onSuccess: (_invite, id) => drop(id),
    onSettled: refresh,
  });
}
