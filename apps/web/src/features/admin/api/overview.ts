import type { AdminOverview } from '@chat/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export function getAdminOverview(signal?: AbortSignal): Promise<AdminOverview> {
  return api.get<AdminOverview>('/admin/overview', { signal });
}

/** The server at a glance; read again each time the tab is opened and every minute while it stays open. */
export function useAdminOverview() {
  return useQuery({
    queryKey: queryKeys.admin.overview(),
    queryFn: ({ signal }) => getAdminOverview(signal),
    staleTime: 0,
    refetchInterval: 60_000,
  });
}
