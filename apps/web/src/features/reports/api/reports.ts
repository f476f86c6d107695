import type { Report, ReportAction, ReportStatus } from '@chat/contracts';
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export const REPORTS_PAGE_SIZE = 50;

/**
 * Server admins: every report; room admins and owners: those about their rooms' messages; anyone else 403. Newest
 * first, a page at a time: `before` is the id of the last report of the page above.
 */
export function getReports(status: ReportStatus, before: string | undefined, signal?: AbortSignal): Promise<Report[]> {
  return api.get<Report[]>('/reports', { query: { status, limit: REPORTS_PAGE_SIZE, before }, signal });
}

export function reportsQueryOptions(status: ReportStatus) {
  return infiniteQueryOptions({
    queryKey: queryKeys.reports.list(status),
    queryFn: ({ pageParam, signal }) => getReports(status, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length < REPORTS_PAGE_SIZE ? undefined : last[last.length - 1]?.id),
    // A 403 will not change by asking again.
    retry: (count, error) => !(error && 'status' in error && error.status === 403) && count < 2,
  });
}

export function useReports(status: ReportStatus) {
  return useInfiniteQuery(reportsQueryOptions(status));
}

/** Each loaded page, changed by `edit`. */
function editPages<P>(old: InfiniteData<Report[], P> | undefined, edit: (page: Report[], index: number) => Report[]) {
  return old ? { ...old, pages: old.pages.map(edit) } : old;
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
      queryClient.setQueryData(reportsQueryOptions('open').queryKey, (old) =>
        editPages(old, (page) => page.filter((r) => r.id !== report.id)),
      );
      queryClient.setQueryData(reportsQueryOptions('resolved').queryKey, (old) =>
        editPages(old, (page, i) => [...(i === 0 ? [report] : []), ...page.filter((r) => r.id !== report.id)]),
      );
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.reports.all() }),
  });
}
