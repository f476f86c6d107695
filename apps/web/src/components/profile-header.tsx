import type { User } from '@chat/contracts';
import type { CSSProperties, ReactNode } from 'react';
import { formatBirthdate, formatMonthYear, formatRelative } from '../lib/dates';
import { hueFor } from '../lib/text';
import { Avatar } from './avatar';
import { CakeIcon, CalendarIcon } from './icons';
import { PictureImg } from './picture-img';
import './profile-header.css';

export type ProfileHeaderProps = {
  user: User;
  /** Buttons or links shown beside the name. */
  actions?: ReactNode;
};

function presence(user: User): string {
  if (user.friendship === 'self' || user.online) return 'Online';
  return user.lastSeenAt ? `Last seen ${formatRelative(user.lastSeenAt)}` : 'Offline';
}

/** A person's public card: cover band, avatar, names, presence, bio and dates. Every field is rendered as text. */
export function ProfileHeader({ user, actions }: ProfileHeaderProps) {
  const online = user.friendship === 'self' || user.online;
  return (
    <section className="profile-card" aria-labelledby={`profile-${user.id}-name`}>
      <div className="profile-card__cover cover-image-host" style={{ '--avatar-hue': hueFor(user.id) } as CSSProperties}>
        <PictureImg url={user.coverUrl} className="cover-image" />
      </div>
      <div className="profile-card__main">
        <div className="profile-card__top">
          <Avatar user={{ ...user, online }} size="large" showPresence />
          {actions && <div className="profile-card__actions">{actions}</div>}
        </div>
        <h2 className="profile-card__name" id={`profile-${user.id}-name`}>
          {user.displayName}
        </h2>
        <p className="profile-card__username">@{user.username}</p>
        <p className={`presence${online ? ' presence--online' : ''}`}>{presence(user)}</p>
        {user.bio ? <p className="profile-card__bio">{user.bio}</p> : <p className="profile-card__bio muted">No bio yet.</p>}
        <ul className="profile-card__facts">
          {user.birthdate && (
            <li>
              <CakeIcon width={16} height={16} />
              <span>Born {formatBirthdate(user.birthdate)}</span>
            </li>
          )}
          <li>
            <CalendarIcon width={16} height={16} />
            <span>Joined {formatMonthYear(user.createdAt)}</span>
          </li>
        </ul>
      </div>
    </section>
  );
}
