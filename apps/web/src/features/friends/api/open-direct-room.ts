import type { Room } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { joinedRoomsQueryOptions, roomQueryOptions } from '../../../lib/room-queries';

/** The direct room of the caller and `userId`, created on first use. 403 unless friends or their dmPolicy is "everyone". */
export function openDirectRoom(userId: string): Promise<Room> {
  return api.post<Room>('/dms', { userId });
}

/** Opens (or finds) the conversation and seeds its cache, so the conversation view has its header at once. */
export function useOpenDirectRoom() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: openDirectRoom,
    onSuccess: (room) => {
      queryClient.setQueryData(roomQueryOptions(room.id).queryKey, room);
      void queryClient.invalidateQueries({ queryKey: joinedRoomsQueryOptions().queryKey });
    },
  });
}
