import type { Notification } from '@chat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** The newest notifications shown; older ones are not paged (the contract has no cursor for them). */
export const NOTIFICATIONS_LIMIT = 50;
/** The contract's largest page: the unread count shows "99+" past it anyway. */
export const UNREAD_LIMIT = 100;

export function getNotifications(
  { unread = false, limit }: { unread?: boolean; limit: number },
  signal?: AbortSignal,
): Promise<Notification[]> {
  return api.get<Notification[]>('/notifications', { query: { unread: unread ? 'true' : undefined, limit }, signal });
}

/** The newest notifications, read or not (their key is also the prefix of the unread ones'). */
export function notificationsQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.notifications.all(),
    queryFn: ({ signal }) => getNotifications({ limit: NOTIFICATIONS_LIMIT }, signal),
  });
}

export function useNotifications({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...notificationsQueryOptions(), enabled });
}

/** The unread ones, for the bell's count. */
export function unreadNotificationsQueryOptions() {
  return queryOptions({
    queryKey: queryKeys.notifications.unread(),
    queryFn: ({ signal }) => getNotifications({ unread: true, limit: UNREAD_LIMIT }, signal),
  });
}

export function useUnreadNotifications() {
  return useQuery(unreadNotificationsQueryOptions());
}

export function markNotificationRead(id: string): Promise<Notification> {
  return api.post<Notification>(`/notifications/${encodeURIComponent(id)}/read`);
}

export function markAllNotificationsRead(): Promise<void> {
  return api.post('/notifications/read-all');
}

/** Marks the cached notifications read at once (all, or those in `ids`), so the count drops before the server answers. */
function markReadInCache(queryClient: QueryClient, ids: ReadonlySet<string> | 'all'): void {
  const now = new Date().toISOString();
  const hit = (n: Notification) => ids === 'all' || ids.has(n.id);
  queryClient.setQueryData(notificationsQueryOptions().queryKey, (old) =>
    old?.map((n) => (hit(n) && !n.readAt ? { ...n, readAt: now } : n)),
  );
  queryClient.setQueryData(unreadNotificationsQueryOptions().queryKey, (old) => old?.filter((n) => !hit(n)));
}

function useRefreshNotifications() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: notificationsQueryOptions().queryKey });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  const refresh = useRefreshNotifications();
  return useMutation({
    mutationFn: markNotificationRead,
    onMutate: (id) => markReadInCache(queryClient, new Set([id])),
    onSettled: refresh,
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  const refresh = useRefreshNotifications();
  return useMutation({
    mutationFn: markAllNotificationsRead,
    onMutate: () => markReadInCache(queryClient, 'all'),
    onSettled: refresh,
  });
}
