import type { CreateInviteLinkDto, InviteLink, Room, RoomInvitePreview } from '@chat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { joinedRoomsQueryOptions, roomQueryOptions } from '../../../lib/room-queries';

function linksPath(roomId: string, linkId?: string): string {
  const base = `/rooms/${encodeURIComponent(roomId)}/invite-links`;
  return linkId ? `${base}/${encodeURIComponent(linkId)}` : base;
}

/** Every link of the room, revoked and used-up ones included, latest first (admins and owners). */
export function getRoomInviteLinks(roomId: string, signal?: AbortSignal): Promise<InviteLink[]> {
  return api.get<InviteLink[]>(linksPath(roomId), { signal });
}

export function roomInviteLinksQueryOptions(roomId: string) {
  return queryOptions({ queryKey: queryKeys.rooms.inviteLinks(roomId), queryFn: ({ signal }) => getRoomInviteLinks(roomId, signal) });
}

export function useRoomInviteLinks(roomId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...roomInviteLinksQueryOptions(roomId), enabled });
}

export function createRoomInviteLink(roomId: string, dto: CreateInviteLinkDto): Promise<InviteLink> {
  return api.post<InviteLink>(linksPath(roomId), dto);
}

export function revokeRoomInviteLink(roomId: string, linkId: string): Promise<void> {
  return api.delete(linksPath(roomId, linkId));
}

export function useCreateRoomInviteLink(roomId: string) {
  const queryClient = useQueryClient();
  const key = roomInviteLinksQueryOptions(roomId).queryKey;
  return useMutation({
    mutationFn: (dto: CreateInviteLinkDto) => createRoomInviteLink(roomId, dto),
    onSuccess: (link) => queryClient.setQueryData(key, (old) => (old ? [link, ...old.filter((l) => l.id !== link.id)] : old)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

export function useRevokeRoomInviteLink(roomId: string) {
  const queryClient = useQueryClient();
  const key = roomInviteLinksQueryOptions(roomId).queryKey;
  return useMutation({
    mutationFn: (linkId: string) => revokeRoomInviteLink(roomId, linkId),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}

/** The card of the room a code leads to (404 unknown code, 403 revoked, expired or used up). */
export function getRoomInvite(code: string, signal?: AbortSignal): Promise<RoomInvitePreview> {
  return api.get<RoomInvitePreview>(`/room-invites/${encodeURIComponent(code)}`, { signal });
}

export function roomInviteQueryOptions(code: string) {
  return queryOptions({ queryKey: queryKeys.roomInvite(code), queryFn: ({ signal }) => getRoomInvite(code, signal), retry: false });
}

export function useRoomInvite(code: string) {
  return useQuery(roomInviteQueryOptions(code));
}

export function joinByInvite(code: string): Promise<Room> {
  return api.post<Room>(`/room-invites/${encodeURIComponent(code)}/join`);
}

export function useJoinByInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: joinByInvite,
    onSuccess: (room) => {
      queryClient.setQueryData(roomQueryOptions(room.id).queryKey, room);
      void queryClient.invalidateQueries({ queryKey: joinedRoomsQueryOptions().queryKey });
    },
  });
}
