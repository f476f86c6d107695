import type { Session } from '@chat/contracts';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { DeviceIcon } from '../../../components/icons';
import { QueryView } from '../../../components/query-view';
import { formatDateTime, formatRelative } from '../../../lib/dates';
import { describeError } from '../../../lib/errors';
import { describeUserAgent } from '../../../lib/user-agent';
import { useRevokeSession, useSessions } from '../api/sessions';
import '../profile.css';

type SessionRowProps = {
  session: Session;
  onRevoke: (id: string) => void;
  revoking: boolean;
};

function SessionRow({ session, onRevoke, revoking }: SessionRowProps) {
  const device = describeUserAgent(session.userAgent);
  return (
    <li className="session">
      <span className="session__icon">
        <DeviceIcon />
      </span>
      <div className="session__body">
        <p className="session__device">
          {device}
          {session.current && <span className="badge">This device</span>}
        </p>
        <p className="session__meta">
          {session.current ? 'Active now' : `Last active ${formatRelative(session.lastUsedAt)}`}
          {session.ip && <> · {session.ip}</>} · Logged in {formatDateTime(session.createdAt)}
        </p>
      </div>
      {!session.current && (
        <Button variant="secondary" pending={revoking} onClick={() => onRevoke(session.id)} aria-label={`Log out ${device}`}>
          Log out
        </Button>
      )}
    </li>
  );
}

/** The devices logged in to this account, newest activity first; any but this one can be logged out. */
export function SessionsCard() {
  const sessions = useSessions();
  const revoke = useRevokeSession();

  return (
    <section className="card" aria-labelledby="sessions-title">
      <h2 className="card__title" id="sessions-title">
        Devices
      </h2>
      <p className="card__description">Where your account is logged in. Log out any device you do not recognise.</p>
      {revoke.isError && (
        <Alert
          action={
            <Button variant="secondary" onClick={() => revoke.mutate(revoke.variables)}>
              Try again
            </Button>
          }
        >
          Could not log that device out. {describeError(revoke.error)}
        </Alert>
      )}
      <QueryView query={sessions} loadingLabel="Loading devices…" errorText="Could not load your devices.">
        {(data) => (
          <ul className="session-list">
            {data.map((s) => (
              <SessionRow
                key={s.id}
                session={s}
                onRevoke={(id) => revoke.mutate(id)}
                revoking={revoke.isPending && revoke.variables === s.id}
              />
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
