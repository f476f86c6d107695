import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { useEndSession } from '../../../lib/auth';
import { clearOfflineStorage } from '../../../lib/offline-store';
import { forgetPushBeforeLogout } from '../../../lib/push';

export function logout(): Promise<void> {
  return api.post('/auth/logout');
}

/**
 * Forgets this device's push subscription (while the session can still delete it), ends the session on the server,
 * then forgets it here, even when the server could not be reached. Forgetting the token is what takes the person to
 * /login (the route guard watches it).
 */
export function useLogout() {
  const endSession = useEndSession();
  return useMutation({
    mutationFn: async () => {
      await forgetPushBeforeLogout();
      await logout();
    },
    // Unsent messages and drafts stay with the session: nothing of this user is left on the device.
    onSettled: () => {
      endSession();
      void clearOfflineStorage();
    },
  });
}
