import type { Room, UpdateRoomDto } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { joinedRoomsQueryOptions, roomQueryOptions } from '../../../lib/room-queries';

export type UpdateRoomInput = Pick<UpdateRoomDto, 'name' | 'description' | 'visibility' | 'avatarFileId' | 'coverFileId'>;

export function updateRoom(roomId: string, input: UpdateRoomInput): Promise<Room> {
  return api.patch<Room>(`/rooms/${encodeURIComponent(roomId)}`, input);
}

/** Admins and owners edit the room; the answer replaces the cached room at once. */
export function useUpdateRoom(roomId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateRoomInput) => updateRoom(roomId, input),
    onSuccess: (room) => {
      queryClient.setQueryData(roomQueryOptions(room.id).queryKey, room);
      void queryClient.invalidateQueries({ queryKey: joinedRoomsQueryOptions().queryKey });
      void queryClient.invalidateQueries({ queryKey: queryKeys.rooms.discover() });
    },
  });
}
