import type { Room } from '@chat/contracts';
import { Link } from 'react-router';
import { Alert } from '../../../components/alert';
import { Avatar } from '../../../components/avatar';
import { Button } from '../../../components/button';
import { Spinner } from '../../../components/spinner';
import { describeError } from '../../../lib/errors';
import { useRoomMembers } from '../../../lib/room-queries';

export type MembersPanelProps = { room: Room };

const ROLE_LABEL = { owner: 'Owner', admin: 'Admin', member: null } as const;

/** The details pane's fallback: what the room is about and who is in it, with presence. */
export function MembersPanel({ room }: MembersPanelProps) {
  const members = useRoomMembers(room.id);
  return (
    <div className="members-panel">
      {room.kind === 'group' && (
        <div className="members-panel__about">
          <h2 className="members-panel__title">{room.name}</h2>
          <p className="members-panel__meta">{room.visibility === 'public' ? 'Public room' : 'Private room'}</p>
          {room.description && <p className="members-panel__description">{room.description}</p>}
        </div>
      )}
      <h3 className="members-panel__heading">Members{members.data ? ` · ${members.data.length}` : ''}</h3>
      {members.isPending ? (
        <div className="loading">
          <Spinner label="Loading members…" />
        </div>
      ) : members.isError ? (
        <Alert
          action={
            <Button variant="secondary" onClick={() => void members.refetch()}>
              Try again
            </Button>
          }
        >
          Could not load the members. {describeError(members.error)}
        </Alert>
      ) : (
        <ul className="members-panel__list" aria-label="Members">
          {members.data.map((m) => (
            <li key={m.user.id}>
              <Link to={`/users/${m.user.id}`} className="member-row">
                <Avatar user={m.user} size="small" showPresence />
                <span className="member-row__text">
                  <span className="member-row__name">
                    {m.user.displayName}
                    {m.user.friendship === 'self' && <span className="muted"> (you)</span>}
                  </span>
                  <span className="member-row__sub">{m.user.online ? 'Online' : `@${m.user.username}`}</span>
                </span>
                {ROLE_LABEL[m.role] && <span className="badge">{ROLE_LABEL[m.role]}</span>}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
