import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useEndSession } from '../../../lib/auth';

export function logout(): Promise<void> {
  return api.post('/auth/logout');
}

/**
 * Ends the session on the server, then forgets it here, even when the server could not be reached. Forgetting the
 * token is what takes the person to /login (the route guard watches it).
 */
export function useLogout() {
  const endSession = useEndSession();
  return useMutation({ mutationFn: logout, onSettled: endSession });
}
