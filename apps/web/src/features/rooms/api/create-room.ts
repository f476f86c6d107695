import type { CreateRoomDto, Room } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { joinedRoomsQueryOptions, roomQueryOptions } from '../../../lib/room-queries';

export type CreateRoomInput = Pick<CreateRoomDto, 'name' | 'description' | 'visibility'>;

export function createRoom(input: CreateRoomInput): Promise<Room> {
  return api.post<Room>('/rooms', input);
}

/** The new room (I am its owner) goes into its cache, and the lists that may show it are refreshed. */
export function useCreateRoom() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createRoom,
    onSuccess: (room) => {
      queryClient.setQueryData(roomQueryOptions(room.id).queryKey, room);
      void queryClient.invalidateQueries({ queryKey: joinedRoomsQueryOptions().queryKey });
      void queryClient.invalidateQueries({ queryKey: queryKeys.rooms.discover() });
    },
  });
}
