import type { ServerInfo } from '@chat/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import { queryKeys } from './query-keys';

/**
 * `GET /server`: what anyone may know before signing in, the server's name and whether it offers sign-up. Shared by
 * the sign-up and login pages and refreshed by the admin settings when they change it.
 */
export function getServerInfo(signal?: AbortSignal): Promise<ServerInfo> {
  return api.get<ServerInfo>('/server', { signal });
}

export function serverInfoQueryOptions() {
  return queryOptions({ queryKey: queryKeys.server(), queryFn: ({ signal }) => getServerInfo(signal), staleTime: 60_000 });
}

export function useServerInfo() {
  return useQuery(serverInfoQueryOptions());
}
