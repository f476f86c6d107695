import type { User } from '@chat/contracts';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { presenceLabel } from '../lib/presence';
import { Avatar } from './avatar';
import './list.css';

export type PersonRowProps = {
  user: User;
  /** Badges after the name ("You", "Admin"). */
  badges?: ReactNode;
  /** The line under the name; presence by default. */
  meta?: ReactNode;
  /** Buttons; they wrap under the name when the row is narrow. */
  actions?: ReactNode;
};

/** One person in a list: avatar with presence, name linking to the profile, a line about them, and actions. */
export function PersonRow({ user, badges, meta, actions }: PersonRowProps) {
  return (
    <li className="person-row">
      <Avatar user={user} showPresence />
      <div className="person-row__text">
        <span className="person-row__name">
          <Link to={`/users/${user.id}`} className="person-row__link">
            {user.displayName}
          </Link>
          {badges}
        </span>
        <span className="person-row__meta">
          {meta ?? (
            <>
              @{user.username} · <span className={user.online ? 'person-row__online' : undefined}>{presenceLabel(user)}</span>
            </>
          )}
        </span>
      </div>
      {actions && <div className="person-row__actions">{actions}</div>}
    </li>
  );
}
