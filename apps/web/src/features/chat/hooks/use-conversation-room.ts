import { useQuery, useQueryClient } from '@tanstack/react-query';
import { joinedRoomsQueryOptions, roomQueryOptions } from '../../../lib/room-queries';

/** The open room, shown at once from the joined list when it is there, then confirmed by the server. */
export function useConversationRoom(roomId: string) {
  const queryClient = useQueryClient();
  return useQuery({
    ...roomQueryOptions(roomId),
    initialData: () => queryClient.getQueryData(joinedRoomsQueryOptions().queryKey)?.find((r) => r.id === roomId),
    initialDataUpdatedAt: () => queryClient.getQueryState(joinedRoomsQueryOptions().queryKey)?.dataUpdatedAt,
  });
}
