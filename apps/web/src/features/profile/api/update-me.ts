import type { Me, UpdateMeDto } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { meQueryOptions } from '../../../lib/auth';

export type UpdateMeInput = Pick<UpdateMeDto, 'displayName' | 'bio' | 'birthdate' | 'dmPolicy' | 'avatarFileId' | 'coverFileId'>;

export function updateMe(input: UpdateMeInput): Promise<Me> {
  return api.patch<Me>('/users/me', input);
}

/** Saves profile fields and puts the answer straight into the cache, so every view of "me" updates at once. */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => queryClient.setQueryData(meQueryOptions().queryKey, me),
  });
}
