import type { PasswordResetConfirmDto, PasswordResetRequestDto } from '@chat/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export type PasswordResetRequestInput = Pick<PasswordResetRequestDto, 'email'>;
export type PasswordResetConfirmInput = Pick<PasswordResetConfirmDto, 'token' | 'newPassword'>;

/** Always answers 202, whether or not an account has that address. */
export function requestPasswordReset(input: PasswordResetRequestInput): Promise<void> {
  return api.post('/auth/password-reset', input);
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

export function confirmPasswordReset(input: PasswordResetConfirmInput): Promise<void> {
  return api.post('/auth/password-reset/confirm', input);
}

export function useConfirmPasswordReset() {
  return useMutation({ mutationFn: confirmPasswordReset });
}
