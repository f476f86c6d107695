import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { friendsQueryOptions } from '../../../lib/friend-queries';

export function unfriend(userId: string): Promise<void> {
  return api.delete(`/friends/${encodeURIComponent(userId)}`);
}

export function useUnfriend() {
  const queryClient = useQueryClient();
  const key = friendsQueryOptions().queryKey;
  return useMutation({
    mutationFn: unfriend,
    onSuccess: (_void, userId) => queryClient.setQueryData(key, (old) => old?.filter((u) => u.id !== userId)),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
}
