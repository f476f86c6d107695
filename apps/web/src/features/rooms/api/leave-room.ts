import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { joinedRoomsQueryOptions } from '../../../lib/room-queries';
import { expectRoomExit } from '../../../lib/room-exits';
import { setMemberRole } from './room-members';

/** 409 for the last owner while others remain: they must make someone else owner first. */
export function leaveRoom(roomId: string): Promise<void> {
  // The last member leaving deletes the room, and the server then sends `room:removed`: this person left.
  expectRoomExit(roomId, 'left');
  return api.post(`/rooms/${encodeURIComponent(roomId)}/leave`);
}

/** Owner only; the room and its messages are gone for everyone. */
export function deleteRoom(roomId: string): Promise<void> {
  expectRoomExit(roomId, 'deleted');
  return api.delete(`/rooms/${encodeURIComponent(roomId)}`);
}

/**
 * After leaving or deleting, the room is out of the joined list at once (else the chats view, opening the latest
 * conversation, would open the one just left), and the lists are refreshed. The room's own cache is left alone: the
 * pane showing it is about to close, and fetching it again now would only answer 404.
 */
function useRefreshRoomLists() {
  const queryClient = useQueryClient();
  return (_void: void, roomId: string) => {
    queryClient.setQueryData(joinedRoomsQueryOptions().queryKey, (old) => old?.filter((r) => r.id !== roomId));
    void queryClient.invalidateQueries({ queryKey: joinedRoomsQueryOptions().queryKey });
    void queryClient.invalidateQueries({ queryKey: queryKeys.rooms.discover() });
  };
}

export function useLeaveRoom() {
  const refresh = useRefreshRoomLists();
  return useMutation({ mutationFn: leaveRoom, onSuccess: refresh });
}

export function useDeleteRoom() {
  const refresh = useRefreshRoomLists();
  return useMutation({ mutationFn: deleteRoom, onSuccess: refresh });
}

/** The step of `useHandOverAndLeave` that failed. */
export class HandOverError extends Error {
  constructor(readonly reason: unknown) {
    super('hand-over failed');
  }
}

/**
 * The only owner leaving: makes `heirId` an owner, then leaves, as one step. Nothing of the room is refetched between
 * the two (the role change's own refresh would ask for the owner's views, members, invite links and bans, and be
 * answered 403 once the leave is through). A failed hand-over rejects with `HandOverError`.
 */
export function useHandOverAndLeave(roomId: string) {
  const refresh = useRefreshRoomLists();
  return useMutation({
    mutationFn: async (heirId: string) => {
      await setMemberRole(roomId, { userId: heirId, role: 'owner' }).catch((err: unknown) => {
        throw new HandOverError(err);
      });
      await leaveRoom(roomId);
    },
    onSuccess: () => refresh(undefined, roomId),
  });
}
