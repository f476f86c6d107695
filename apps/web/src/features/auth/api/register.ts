import type { AuthResponse, RegisterDto } from '@chat/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useStartSession } from '../../../lib/auth';

export type RegisterInput = Pick<RegisterDto, 'username' | 'email' | 'password' | 'displayName'>;

export function register(input: RegisterInput): Promise<AuthResponse> {
  return api.post<AuthResponse>('/auth/register', input);
}

export function useRegister() {
  const startSession = useStartSession();
  return useMutation({ mutationFn: register, onSuccess: startSession });
}
