import type { Room, RoomNotificationsDto, RoomNotify } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { joinedRoomsQueryOptions, roomQueryOptions } from '../../../lib/room-queries';
import { applyRoomNotify } from '../utils/rooms-list';

/** `PUT /rooms/:id/notifications`: replaces the caller's level and mute for the room (no `mutedUntil`: unmuted). */
export function putRoomNotifications(roomId: string, input: RoomNotificationsDto): Promise<RoomNotify> {
  return api.put<RoomNotify>(`/rooms/${encodeURIComponent(roomId)}/notifications`, input);
}

/** Sets the room's level and mute; the answer goes into the room and the rooms list at once. */
export function useRoomNotifications(roomId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RoomNotificationsDto) => putRoomNotifications(roomId, input),
    onSuccess: (notify) => {
      queryClient.setQueryData(joinedRoomsQueryOptions().queryKey, (rooms) => (rooms ? applyRoomNotify(rooms, roomId, notify) : rooms));
      queryClient.setQueryData(roomQueryOptions(roomId).queryKey, (room: Room | undefined) => (room ? { ...room, notify } : room));
    },
  });
}
