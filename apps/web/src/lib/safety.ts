import type { CreateReportDto, Report, User } from '@chat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from './api-client';
import { friendsQueryOptions } from './friend-queries';
import { queryKeys } from './query-keys';

/**
 * Blocks and reports, used by several features (a profile, a conversation, the profile page's list of blocked
 * people, a message's menu). The server enforces a block; the app shows it: profiles offer Unblock, and in rooms the
 * blocked person's messages are collapsed.
 */

export function getBlocks(signal?: AbortSignal): Promise<User[]> {
  return api.get<User[]>('/users/me/blocks', { signal });
}

export function blocksQueryOptions() {
  return queryOptions({ queryKey: queryKeys.users.blocks(), queryFn: ({ signal }) => getBlocks(signal), staleTime: 5 * 60_000 });
}

export function useBlocks() {
  return useQuery(blocksQueryOptions());
}

/** The ids of the people I blocked: empty while the list is loading (nothing collapses until it is known). */
export function useBlockedIds(): ReadonlySet<string> {
  const blocks = useBlocks();
  return useMemo(() => new Set((blocks.data ?? []).map((u) => u.id)), [blocks.data]);
}

export function blockUser(userId: string): Promise<void> {
  return api.put(`/users/${encodeURIComponent(userId)}/block`, undefined);
}

export function unblockUser(userId: string): Promise<void> {
  return api.delete(`/users/${encodeURIComponent(userId)}/block`);
}

/**
 * After a block or an unblock: the list of blocks, every profile and search result (a block ends the friendship),
 * the friends and pending requests, and the conversation list (a direct conversation may no longer take messages).
 */
function refreshAfterBlock(queryClient: QueryClient): void {
  void Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.users.all() }),
    queryClient.invalidateQueries({ queryKey: friendsQueryOptions().queryKey }),
    queryClient.invalidateQueries({ queryKey: queryKeys.invites() }),
    queryClient.invalidateQueries({ queryKey: queryKeys.rooms.joined() }),
  ]);
}

/** Blocks `user`: they show as blocked at once (the list is updated before the server's answer is refetched). */
export function useBlockUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: User) => blockUser(user.id),
    onSuccess: (_void, user) => {
      queryClient.setQueryData(blocksQueryOptions().queryKey, (old) =>
        old ? [{ ...user, friendship: 'none' as const }, ...old.filter((u) => u.id !== user.id)] : old,
      );
      queryClient.setQueryData(friendsQueryOptions().queryKey, (old) => old?.filter((u) => u.id !== user.id));
    },
    onSettled: () => refreshAfterBlock(queryClient),
  });
}

export function useUnblockUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => unblockUser(userId),
    onSuccess: (_void, userId) => queryClient.setQueryData(blocksQueryOptions().queryKey, (old) => old?.filter((u) => u.id !== userId)),
    onSettled: () => refreshAfterBlock(queryClient),
  });
}

export function createReport(dto: CreateReportDto): Promise<Report> {
  return api.post<Report>('/reports', dto);
}

/** Sends a report; whoever moderates sees it on their reports page. */
export function useCreateReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createReport,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.reports.all() }),
  });
}
