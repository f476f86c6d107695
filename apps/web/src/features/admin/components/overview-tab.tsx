import type { AdminOverview } from '@chat/contracts';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { QueryView } from '../../../components/query-view';
import { formatDateTime } from '../../../lib/dates';
import { formatBytes } from '../../../lib/upload-file';
import { useAdminOverview } from '../api/overview';

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

/** `/admin`: the server at a glance (`GET /admin/overview`), each figure leading to where it is managed. */
export function OverviewTab() {
  const overview = useAdminOverview();
  return (
    <section className="card" aria-labelledby="overview-title">
      <h2 className="card__title" id="overview-title">
        Overview
      </h2>
      <p className="card__description">This server at a glance: its people, rooms, messages and storage.</p>
      <QueryView query={overview} loadingLabel="Loading the overview…" errorText="Could not load the overview." smallRetry>
        {(data) => <Figures data={data} />}
      </QueryView>
    </section>
  );
}

function Figures({ data }: { data: AdminOverview }) {
  const { users, rooms, messages, storage } = data;
  const share = storage.limitBytes ? Math.min(100, Math.round((storage.usedBytes / storage.limitBytes) * 100)) : null;
  return (
    <dl className="overview">
      <Figure term="Active people" value={count(users.active)} link={{ to: '/admin/users', label: 'Manage users' }}>
        {plural(users.total, 'account', 'accounts')} in all · {plural(users.admins, 'admin', 'admins')} · {count(users.deactivated)}{' '}
        deactivated
      </Figure>
      <Figure term="Group rooms" value={count(rooms.groups)}>
        and {plural(rooms.direct, 'direct conversation', 'direct conversations')}
      </Figure>
      <Figure term="Messages today" value={count(messages.today)}>
        since {formatDateTime(data.since)} · about {count(messages.total)} in all
      </Figure>
      <Figure term="Storage used" value={formatBytes(storage.usedBytes)}>
        {storage.limitBytes === null ? (
          'no limit set'
        ) : (
          <>
            of {formatBytes(storage.limitBytes)}
            <meter className="overview__meter" min={0} max={100} value={share ?? 0} aria-label={`Storage used: ${share} %`} />
          </>
        )}
      </Figure>
    </dl>
  );
}

type FigureProps = { term: string; value: string; children: ReactNode; link?: { to: string; label: string } };

function Figure({ term, value, children, link }: FigureProps) {
  return (
    <div className="overview__figure">
      <dt className="overview__term">{term}</dt>
      <dd className="overview__value">{value}</dd>
      <dd className="overview__detail">
        {children}
        {link && (
          <Link to={link.to} className="overview__link">
            {link.label}
          </Link>
        )}
      </dd>
    </div>
  );
}
