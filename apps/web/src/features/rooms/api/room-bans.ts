import type { BanDto, RoomBan } from '@chat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { roomMembersQueryOptions, roomQueryOptions } from '../../../lib/room-queries';

function bansPath(roomId: string, userId?: string): string {
  const base = `/rooms/${encodeURIComponent(roomId)}/bans`;
  return userId ? `${base}/${encodeURIComponent(userId)}` : base;
}

/** The room's active bans, latest first (admins and owners). */
export function getRoomBans(roomId: string, signal?: AbortSignal): Promise<RoomBan[]> {
  return api.get<RoomBan[]>(bansPath(roomId), { signal });
}

export function roomBansQueryOptions(roomId: string) {
  return queryOptions({ queryKey: queryKeys.rooms.bans(roomId), queryFn: ({ signal }) => getRoomBans(roomId, signal) });
}

export function useRoomBans(roomId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...roomBansQueryOptions(roomId), enabled });
}

export type BanInput = { userId: string } & BanDto;

/** Bans a user whose role is below mine; a member is removed from the room at once. */
export function banUser(roomId: string, { userId, ...dto }: BanInput): Promise<void> {
  return api.put(bansPath(roomId, userId), dto);
}

export function unbanUser(roomId: string, userId: string): Promise<void> {
  return api.delete(bansPath(roomId, userId));
}

export function useBanUser(roomId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: BanInput) => banUser(roomId, input),
    onSuccess: (_void, { userId }) =>
      queryClient.setQueryData(roomMembersQueryOptions(roomId).queryKey, (old) => old?.filter((m) => m.user.id !== userId)),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: roomBansQueryOptions(roomId).queryKey }),
        queryClient.invalidateQueries({ queryKey: roomMembersQueryOptions(roomId).queryKey }),
        queryClient.invalidateQueries({ queryKey: roomQueryOptions(roomId).queryKey, exact: true }),
      ]),
  });
}

export function useUnbanUser(roomId: string) {
  const queryClient = useQueryClient();
  const key = roomBansQueryOptions(roomId).queryKey;
  return useMutation({
    mutationFn: (userId: string) => unbanUser(roomId, userId),
    onSuccess: (_void, userId) => queryClient.setQueryData(key, (old) => old?.filter((b) => b.user.id !== userId)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
