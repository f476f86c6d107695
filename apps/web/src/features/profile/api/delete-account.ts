import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useEndSession } from '../../../lib/auth';

/** `DELETE /users/me { password }`: 204, or 400 on `password` when it is wrong (and nothing changed). */
export function deleteAccount(password: string): Promise<void> {
  return api.delete('/users/me', { body: { password } });
}

/**
 * Once the account is gone, so is the session here (the server already revoked every one of them): the route guard
 * then takes the person to the login page, which says the account was deleted.
 */
export function useDeleteAccount() {
  const endSession = useEndSession('account-deleted');
  return useMutation({ mutationFn: deleteAccount, onSuccess: endSession });
}
