import type { Report, ReportAction, ReportStatus } from '@chat/contracts';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

/** The contract's largest page; the list has no cursor. */
export const REPORTS_LIMIT = 100;

/** Server admins: every report; room admins and owners: those about their rooms' messages; anyone else 403. */
export function getReports(status: ReportStatus, signal?: AbortSignal): Promise<Report[]> {
  return api.get<Report[]>('/reports', { query: { status, limit: REPORTS_LIMIT }, signal });
}

export function reportsQueryOptions(status: ReportStatus) {
  return queryOptions({
    queryKey: queryKeys.reports.list(status),
    queryFn: ({ signal }) => getReports(status, signal),
    // A 403 will not change by asking again.
    retry: (count, error) => !(error && 'status' in error && error.status === 403) && count < 2,
  });
}

export function useReports(status: ReportStatus) {
  return useQuery(reportsQueryOptions(status));
}

export type ResolveInput = { id: string; action: ReportAction };

export function resolveReport({ id, action }: ResolveInput): Promise<Report> {
  return api.post<Report>(`/reports/${encodeURIComponent(id)}/resolve`, { action });
}

/**
 * Resolves a report: it leaves the open list at once. Its action may have deleted a message, banned someone or
 * deactivated an account, which the socket tells the rooms concerned; both lists are refetched.
 */
export function useResolveReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resolveReport,
    onSuccess: (report) => {
      queryClient.setQueryData(reportsQueryOptions('open').queryKey, (old) => old?.filter((r) => r.id !== report.id));
      queryClient.setQueryData(reportsQueryOptions('resolved').queryKey, (old) =>
        old ? [report, ...old.filter((r) => r.id !== report.id)] : old,
      );
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.reports.all() }),
  });
}
