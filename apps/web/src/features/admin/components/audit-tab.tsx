import type { AuditEntry } from '@chat/contracts';
import { Link } from 'react-router';
import { Alert } from '../../../components/alert';
import { Avatar } from '../../../components/avatar';
import { Button } from '../../../components/button';
import { QueryView } from '../../../components/query-view';
import { formatDateTime, formatRelative } from '../../../lib/dates';
import { describeError } from '../../../lib/errors';
import { useAuditLog } from '../api/audit';
import { describeAuditEntry } from '../utils/audit-text';

/** What admins and moderators did, newest first, an older page at a time. */
export function AuditTab() {
  const audit = useAuditLog();
  const entries = audit.data?.pages.flat();

  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 className="card__title" id="audit-title">
        Audit log
      </h2>
      <p className="card__description">
        Settings, invite links, server roles and deactivations, and moderation in rooms and reports. Newest first.
      </p>
      <QueryView
        query={{ ...audit, data: entries, isError: audit.isError && !audit.isFetchNextPageError }}
        loadingLabel="Loading the audit log…"
        errorText="Could not load the audit log."
        smallRetry
        empty={<p className="card__empty">Nothing has been recorded yet.</p>}
      >
        {(data) => (
          <>
            <ol className="row-list audit-log" aria-label="Audit log entries">
              {data.map((entry) => (
                <AuditRow key={entry.id} entry={entry} />
              ))}
            </ol>
            {audit.isFetchNextPageError && <Alert>Could not load older entries. {describeError(audit.error)}</Alert>}
            <div className="audit-log__more">
              {audit.hasNextPage ? (
                <Button variant="secondary" pending={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
                  {audit.isFetchNextPageError ? 'Try again' : 'Load older entries'}
                </Button>
              ) : (
                <p className="muted">That is the beginning of the log.</p>
              )}
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { text, target } = describeAuditEntry(entry, (iso) => formatDateTime(iso));
  return (
    <li className="audit-entry">
      <Avatar user={entry.actor} size="small" />
      <div className="audit-entry__text">
        <p>
          <Link to={`/users/${entry.actor.id}`} className="audit-entry__actor">
            {entry.actor.displayName}
          </Link>{' '}
          {text}
        </p>
        <p className="person-row__meta">
          <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time> ({formatRelative(entry.createdAt)}) · Target:{' '}
          {target.href ? <Link to={target.href}>{target.label}</Link> : target.label}
        </p>
      </div>
    </li>
  );
}
