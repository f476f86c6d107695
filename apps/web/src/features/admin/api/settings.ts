import type { ServerSettings, UpdateServerSettingsDto } from '@chat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { serverInfoQueryOptions } from '../../../lib/server-info';

export function getServerSettings(signal?: AbortSignal): Promise<ServerSettings> {
  return api.get<ServerSettings>('/admin/settings', { signal });
}

export function serverSettingsQueryOptions() {
  return queryOptions({ queryKey: queryKeys.admin.settings(), queryFn: ({ signal }) => getServerSettings(signal) });
}

export function useServerSettings() {
  return useQuery(serverSettingsQueryOptions());
}

export type UpdateServerSettingsInput = Pick<UpdateServerSettingsDto, 'name' | 'registration' | 'roomCreation'>;

export function updateServerSettings(input: UpdateServerSettingsInput): Promise<ServerSettings> {
  return api.patch<ServerSettings>('/admin/settings', input);
}

/** The answer replaces the cached settings; what guests see (`GET /server`) and the audit log are read again. */
export function useUpdateServerSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateServerSettings,
    onSuccess: (settings) => {
      queryClient.setQueryData(serverSettingsQueryOptions().queryKey, settings);
      queryClient.setQueryData(serverInfoQueryOptions().queryKey, { name: settings.name, registration: settings.registration });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.audit() });
    },
  });
}
