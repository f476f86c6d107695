import type { AuthResponse, RegisterDto } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../../lib/api-client';
import { useStartSession } from '../../../lib/auth';
import { serverInfoQueryOptions } from '../../../lib/server-info';

export type RegisterInput = Pick<RegisterDto, 'username' | 'email' | 'password' | 'displayName' | 'inviteCode'>;

export function register(input: RegisterInput): Promise<AuthResponse> {
  return api.post<AuthResponse>('/auth/register', input);
}

/** A 403 means the sign-up mode refused it (closed, or the invite code): the page reads the mode again. */
export function useRegister() {
  const startSession = useStartSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: register,
    onSuccess: startSession,
    onError: (error) => {
      if (isApiError(error) && error.code === 'FORBIDDEN')
        void queryClient.invalidateQueries({ queryKey: serverInfoQueryOptions().queryKey });
    },
  });
}
