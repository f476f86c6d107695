import type { ChangePasswordDto } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { sessionsQueryOptions } from './sessions';

export type ChangePasswordInput = Pick<ChangePasswordDto, 'currentPassword' | 'newPassword'>;

export function changePassword(input: ChangePasswordInput): Promise<void> {
  return api.put('/users/me/password', input);
}

/** The server logs out every other device on success, so the device list is fetched again. */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQueryOptions().queryKey }),
  });
}
