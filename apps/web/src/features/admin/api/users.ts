import type { AdminUser, UpdateAdminUserDto } from '@chat/contracts';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { meQueryOptions } from '../../../lib/auth';
import { queryKeys } from '../../../lib/query-keys';

/** Rows on one page of the user list. */
export const USERS_PAGE_SIZE = 20;

export interface AdminUsersPage {
  users: AdminUser[];
  /** Whether a page follows (one row more than a page was asked for, and came back). */
  hasMore: boolean;
}

/** One page: asks for one row more than it shows, to know whether there is a next page. */
export async function getAdminUsers(q: string, offset: number, signal?: AbortSignal): Promise<AdminUsersPage> {
  const rows = await api.get<AdminUser[]>('/admin/users', {
    query: { q: q.trim() || undefined, limit: USERS_PAGE_SIZE + 1, offset },
    signal,
  });
  return { users: rows.slice(0, USERS_PAGE_SIZE), hasMore: rows.length > USERS_PAGE_SIZE };
}

export function adminUsersQueryOptions(q: string, offset: number) {
  return queryOptions({
    queryKey: queryKeys.admin.usersPage(q.trim(), offset),
    queryFn: ({ signal }) => getAdminUsers(q, offset, signal),
  });
}

/** The page on screen stays while the next search or page loads. */
export function useAdminUsers(q: string, offset: number) {
  return useQuery({ ...adminUsersQueryOptions(q, offset), placeholderData: keepPreviousData });
}

export type UpdateAdminUserInput = Pick<UpdateAdminUserDto, 'serverRole' | 'deactivated'>;

export function updateAdminUser(id: string, input: UpdateAdminUserInput): Promise<AdminUser> {
  return api.patch<AdminUser>(`/admin/users/${encodeURIComponent(id)}`, input);
}

/**
 * Promote, demote, deactivate, reactivate. The answer replaces the row in every cached page at once; the lists and
 * the audit log are read again, and the caller's own profile too when the change was theirs.
 */
export function useUpdateAdminUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdateAdminUserInput & { id: string }) => updateAdminUser(id, input),
    onSuccess: (user) => {
      queryClient.setQueriesData<AdminUsersPage>({ queryKey: queryKeys.admin.users() }, (old) =>
        old ? { ...old, users: old.users.map((u) => (u.id === user.id ? user : u)) } : old,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.users() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.audit() });
      if (queryClient.getQueryData(meQueryOptions().queryKey)?.id === user.id) {
        void queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey });
      }
    },
  });
}
