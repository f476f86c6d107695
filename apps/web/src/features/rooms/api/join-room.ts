import type { Room } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { joinedRoomsQueryOptions, roomQueryOptions } from '../../../lib/room-queries';

/** Joins a public room (or a private one I am invited to); answers the room with my new role. */
export function joinRoom(roomId: string): Promise<Room> {
  return api.post<Room>(`/rooms/${encodeURIComponent(roomId)}/join`);
}

export function useJoinRoom() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: joinRoom,
    onSuccess: (room) => {
      queryClient.setQueryData(roomQueryOptions(room.id).queryKey, room);
      void queryClient.invalidateQueries({ queryKey: joinedRoomsQueryOptions().queryKey });
      void queryClient.invalidateQueries({ queryKey: queryKeys.rooms.discover() });
    },
  });
}
