import type { Room } from '@chat/contracts';
import { Link } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { QueryView } from '../../../components/query-view';
import { Spinner } from '../../../components/spinner';
import { useRoomMembers } from '../../../lib/room-queries';
import './members-panel.css';

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
      <QueryView
        query={members}
        pending={
          <div className="loading">
            <Spinner label="Loading members…" />
          </div>
        }
        errorText="Could not load the members."
      >
        {(data) => (
          <ul className="members-panel__list" aria-label="Members">
            {data.map((m) => (
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
      </QueryView>
    </div>
  );
}
