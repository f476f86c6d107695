import type { AuditEntry } from '@chat/contracts';
import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const AUDIT_PAGE_SIZE = 50;

export function getAuditEntries(before: string | undefined, signal?: AbortSignal): Promise<AuditEntry[]> {
  return api.get<AuditEntry[]>('/admin/audit', { query: { limit: AUDIT_PAGE_SIZE, before }, signal });
}

/** Newest first; each older page starts before the last entry of the one above (`before=<id>`). */
export function auditQueryOptions() {
  return infiniteQueryOptions({
    queryKey: queryKeys.admin.audit(),
    queryFn: ({ pageParam, signal }) => getAuditEntries(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length < AUDIT_PAGE_SIZE ? undefined : last[last.length - 1]?.id),
  });
}

export function useAuditLog() {
  return useInfiniteQuery(auditQueryOptions());
}
