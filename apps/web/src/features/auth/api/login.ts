import type { AuthResponse, LoginDto } from '@chat/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useStartSession } from '../../../lib/auth';

export type LoginInput = Pick<LoginDto, 'login' | 'password'>;

export function login(input: LoginInput): Promise<AuthResponse> {
  return api.post<AuthResponse>('/auth/login', input);
}

export function useLogin() {
  const startSession = useStartSession();
  return useMutation({ mutationFn: login, onSuccess: startSession });
}
