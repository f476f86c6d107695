import type { User } from '@chat/contracts';
import type { CSSProperties } from 'react';
import { hueFor, initials } from '../lib/text';
import { PictureImg } from './picture-img';
import './avatar.css';

export type AvatarProps = {
  user: Pick<User, 'id' | 'displayName' | 'username' | 'online'> & { avatarUrl?: string | null };
  size?: 'small' | 'medium' | 'large';
  showPresence?: boolean;
};

/**
 * The user's picture (`avatarUrl`, sent with the session cookie), over their initials on a colour of their own: the
 * initials show when there is no picture or it cannot load.
 */
export function Avatar({ user, size = 'medium', showPresence = false }: AvatarProps) {
  return (
    <span className={`avatar avatar--${size}`} style={{ '--avatar-hue': hueFor(user.id) } as CSSProperties} aria-hidden="true">
      {initials(user.displayName, user.username)}
      <PictureImg url={user.avatarUrl} className="avatar__img" />
      {showPresence && <span className={`avatar__presence${user.online ? ' avatar__presence--online' : ''}`} />}
    </span>
  );
}
