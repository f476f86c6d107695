import type { Report, ReportAction, ReportReason, ReportStatus } from '@chat/contracts';
import { useState } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Page } from '../../../components/page';
import { QueryView } from '../../../components/query-view';
import { showToast } from '../../../components/toast';
import { isApiError } from '../../../lib/api-client';
import { useMe } from '../../../lib/auth';
import { formatDateTime, formatRelative } from '../../../lib/dates';
import { describeError } from '../../../lib/errors';
import { useReports, useResolveReport } from '../api/reports';
import { ACTION_LABEL, confirmText, reportActions, reportedUser, RESOLUTION_LABEL, type ReportViewer } from '../utils/report-actions';
import '../reports.css';

const REASON_LABEL: Record<ReportReason, string> = {
  spam: 'Spam',
  abuse: 'Abuse or harassment',
  illegal: 'Illegal content',
  other: 'Something else',
};

const SNIPPET_MAX = 280;

function snippet(body: string): string {
  const chars = Array.from(body);
  return chars.length > SNIPPET_MAX ? `${chars.slice(0, SNIPPET_MAX).join('')}…` : body;
}

type ReportTargetViewProps = { report: Report };

/** What was reported: a message (quoted, with its room) or a person. */
function ReportTargetView({ report }: ReportTargetViewProps) {
  const person = reportedUser(report);
  if (report.room) {
    const message = report.message;
    return (
      <div className="report__target">
        <p>
          Message by {person ? <Link to={`/users/${person.id}`}>{person.displayName}</Link> : 'someone'} in{' '}
          <Link to={`/rooms/${report.room.id}`}>{report.room.name}</Link>
        </p>
        {!message ? (
          <p className="muted">You cannot see this message.</p>
        ) : message.deletedAt ? (
          <p className="muted report__deleted">Message deleted</p>
        ) : (
          <blockquote className="report__quote">
            {message.body ? snippet(message.body) : `${message.attachments.length} attachment(s), no text`}
          </blockquote>
        )}
      </div>
    );
  }
  return (
    <div className="report__target">
      <p>Person: {person ? <Link to={`/users/${person.id}`}>{person.displayName}</Link> : 'a deleted account'}</p>
      {person && <p className="muted">@{person.username}</p>}
    </div>
  );
}

type ReportCardProps = { report: Report; viewer: ReportViewer; onAction: (report: Report, action: ReportAction) => void };

function ReportCard({ report, viewer, onAction }: ReportCardProps) {
  const actions = reportActions(report, viewer);
  const titleId = `report-${report.id}`;
  return (
    <li className="card report" aria-labelledby={titleId}>
      <div className="report__head">
        <h2 className="report__title" id={titleId}>
          {REASON_LABEL[report.reason]}
        </h2>
        {report.status === 'resolved' && report.resolution && <span className="badge">{RESOLUTION_LABEL[report.resolution]}</span>}
        <time className="report__time" dateTime={report.createdAt} title={formatDateTime(report.createdAt)}>
          {formatRelative(report.createdAt)}
        </time>
      </div>
      <p className="report__reporter">
        Reported by <Link to={`/users/${report.reporter.id}`}>{report.reporter.displayName}</Link>
      </p>
      <ReportTargetView report={report} />
      {report.comment && (
        <div className="report__comment">
          <p className="report__label">Comment</p>
          <p>{report.comment}</p>
        </div>
      )}
      {actions.length > 0 && (
        <div className="report__actions" role="group" aria-label={`Resolve the ${REASON_LABEL[report.reason].toLowerCase()} report`}>
          {actions.map((action) => (
            <Button
              key={action}
              variant={action === 'dismiss' ? 'secondary' : 'danger'}
              className="btn--small"
              aria-haspopup="dialog"
              onClick={() => onAction(report, action)}
            >
              {ACTION_LABEL[action]}
            </Button>
          ))}
        </div>
      )}
    </li>
  );
}

type ReportListProps = { status: ReportStatus; viewer: ReportViewer };

function ReportList({ status, viewer }: ReportListProps) {
  const reports = useReports(status);
  const all = reports.data?.pages.flat();
  const resolve = useResolveReport();
  const [pending, setPending] = useState<{ report: Report; action: ReportAction } | null>(null);
  const text = pending ? confirmText(pending.action, pending.report) : null;

  return (
    <>
      <QueryView
        query={{ ...reports, data: all, isError: reports.isError && !reports.isFetchNextPageError }}
        loadingLabel="Loading reports…"
        errorText="Could not load the reports."
        renderError={(error) =>
          isApiError(error) && error.code === 'FORBIDDEN' ? (
            <Alert tone="info" title="Reports are for moderators">
              Server admins and the admins and owners of rooms see reports here. You can report a message from its “…” menu, or a person
              from their profile.
            </Alert>
          ) : undefined
        }
        empty={<p className="empty">{status === 'open' ? 'No open reports. All clear.' : 'No resolved reports yet.'}</p>}
      >
        {(data) => (
          <>
            <ul className="reports" aria-label={status === 'open' ? 'Open reports' : 'Resolved reports'}>
              {data.map((report) => (
                <ReportCard key={report.id} report={report} viewer={viewer} onAction={(r, action) => setPending({ report: r, action })} />
              ))}
            </ul>
            {reports.isFetchNextPageError && <Alert>Could not load older reports. {describeError(reports.error)}</Alert>}
            {reports.hasNextPage && (
              <div className="reports__more">
                <Button variant="secondary" pending={reports.isFetchingNextPage} onClick={() => void reports.fetchNextPage()}>
                  {reports.isFetchNextPageError ? 'Try again' : 'Load older reports'}
                </Button>
              </div>
            )}
          </>
        )}
      </QueryView>
      <ConfirmDialog
        open={pending !== null}
        title={text?.title ?? ''}
        confirmLabel={pending ? ACTION_LABEL[pending.action] : ''}
        tone={pending?.action === 'dismiss' ? 'primary' : 'danger'}
        pending={resolve.isPending}
        error={resolve.isError ? `Could not resolve the report. ${describeError(resolve.error)}` : null}
        onClose={() => {
          setPending(null);
          resolve.reset();
        }}
        onConfirm={() => {
          if (!pending) return;
          resolve.mutate(
            { id: pending.report.id, action: pending.action },
            {
              onSuccess: (report) => {
                setPending(null);
                showToast(`Report resolved: ${report.resolution ? RESOLUTION_LABEL[report.resolution].toLowerCase() : 'done'}`);
              },
            },
          );
        }}
      >
        <p>{text?.body}</p>
      </ConfirmDialog>
    </>
  );
}

/**
 * `/reports`: reports of messages and people for whoever moderates (server admins: all; room admins and owners: those
 * of their rooms), open or resolved, each with the actions that fit it. Anyone else is told what the page is for.
 */
export function ReportsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const status: ReportStatus = params.get('status') === 'resolved' ? 'resolved' : 'open';
  const viewer: ReportViewer = { serverAdmin: me.data?.serverRole === 'admin' };

  return (
    <Page title="Reports" description="Messages and people reported by members. Resolve each with the action it calls for.">
      <Tabs
        className="report-tabs"
        selectedKey={status}
        onSelectionChange={(key) => setParams(key === 'resolved' ? { status: 'resolved' } : {}, { replace: true })}
      >
        <TabList className="report-tabs__list" aria-label="Which reports">
          <Tab id="open" className="report-tabs__tab">
            Open
          </Tab>
          <Tab id="resolved" className="report-tabs__tab">
            Resolved
          </Tab>
        </TabList>
        <TabPanel id="open" className="report-tabs__panel">
          <ReportList status="open" viewer={viewer} />
        </TabPanel>
        <TabPanel id="resolved" className="report-tabs__panel">
          <ReportList status="resolved" viewer={viewer} />
        </TabPanel>
      </Tabs>
    </Page>
  );
}
