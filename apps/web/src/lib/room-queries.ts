import type { Member, Room } from '@chat/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import { queryKeys } from './query-keys';

/**
 * Rooms as several features read them (the conversation list, a conversation, its details pane, friends and
 * invites that lead into a room). Keys from `queryKeys.rooms`: invalidating a room's key refreshes it together with
 * everything under it. The socket keeps them fresh, hence
 * the long stale times.
 */

/** The contract's largest page: the joined list has no cursor. */
export const JOINED_ROOMS_LIMIT = 100;

export function getJoinedRooms(signal?: AbortSignal): Promise<Room[]> {
  return api.get<Room[]>('/rooms', { query: { scope: 'joined', limit: JOINED_ROOMS_LIMIT }, signal });
}

export function joinedRoomsQueryOptions() {
  return queryOptions({ queryKey: queryKeys.rooms.joined(), queryFn: ({ signal }) => getJoinedRooms(signal), staleTime: 60_000 });
}

export function useJoinedRooms() {
  return useQuery(joinedRoomsQueryOptions());
}

export function getRoom(roomId: string, signal?: AbortSignal): Promise<Room> {
  return api.get<Room>(`/rooms/${encodeURIComponent(roomId)}`, { signal });
}

export function roomQueryOptions(roomId: string) {
  return queryOptions({ queryKey: queryKeys.rooms.detail(roomId), queryFn: ({ signal }) => getRoom(roomId, signal), staleTime: 60_000 });
}

export function useRoom(roomId: string) {
  return useQuery(roomQueryOptions(roomId));
}

export function getRoomMembers(roomId: string, signal?: AbortSignal): Promise<Member[]> {
  return api.get<Member[]>(`/rooms/${encodeURIComponent(roomId)}/members`, { signal });
}

export function roomMembersQueryOptions(roomId: string) {
  return queryOptions({
    queryKey: queryKeys.rooms.members(roomId),
    queryFn: ({ signal }) => getRoomMembers(roomId, signal),
    staleTime: 5 * 60_000,
  });
}

export function useRoomMembers(roomId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...roomMembersQueryOptions(roomId), enabled });
}
