import type { Me, UpdateMeDto } from '@chat/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { meQueryOptions } from '../../../lib/auth';

export type NotificationSettingsInput = Pick<UpdateMeDto, 'dndUntil' | 'emailNotifications' | 'pushPreview'>;

/** `PATCH /users/me` with the notification settings only (do-not-disturb, e-mail digests, push previews). */
export function updateNotificationSettings(input: NotificationSettingsInput): Promise<Me> {
  return api.patch<Me>('/users/me', input);
}

/** Saves at once; the answer replaces the cached profile (the desktop alerts read `dndUntil` from it). */
export function useUpdateNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateNotificationSettings,
    onSuccess: (me) => queryClient.setQueryData(meQueryOptions().queryKey, me),
  });
}
