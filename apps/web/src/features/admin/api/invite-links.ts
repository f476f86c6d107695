import type { CreateInviteLinkDto, InviteLink } from '@chat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export function getInviteLinks(signal?: AbortSignal): Promise<InviteLink[]> {
  return api.get<InviteLink[]>('/admin/invite-links', { signal });
}

export function inviteLinksQueryOptions() {
  return queryOptions({ queryKey: queryKeys.admin.inviteLinks(), queryFn: ({ signal }) => getInviteLinks(signal) });
}

export function useInviteLinks() {
  return useQuery(inviteLinksQueryOptions());
}

export type CreateInviteLinkInput = Pick<CreateInviteLinkDto, 'maxUses' | 'expiresInHours'>;

export function createInviteLink(input: CreateInviteLinkInput): Promise<InviteLink> {
  return api.post<InviteLink>('/admin/invite-links', input);
}

/** The new link goes on top of the cached list at once. */
export function useCreateInviteLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createInviteLink,
    onSuccess: (link) => {
      queryClient.setQueryData(inviteLinksQueryOptions().queryKey, (old) => (old ? [link, ...old.filter((l) => l.id !== link.id)] : old));
      void queryClient.invalidateQueries({ queryKey: inviteLinksQueryOptions().queryKey });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.audit() });
    },
  });
}

export function revokeInviteLink(id: string): Promise<void> {
  return api.delete(`/admin/invite-links/${encodeURIComponent(id)}`);
}

export function useRevokeInviteLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeInviteLink,
    onSuccess: (_void, id) => {
      const now = new Date().toISOString();
      queryClient.setQueryData(inviteLinksQueryOptions().queryKey, (old) =>
        old?.map((l) => (l.id === id && !l.revokedAt ? { ...l, revokedAt: now } : l)),
      );
      void queryClient.invalidateQueries({ queryKey: inviteLinksQueryOptions().queryKey });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.audit() });
    },
  });
}
