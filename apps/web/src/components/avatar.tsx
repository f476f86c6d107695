import type { User } from '@chat/contracts';
import type { CSSProperties } from 'react';
import { hueFor, initials } from '../lib/text';

export type AvatarProps = {
  user: Pick<User, 'id' | 'displayName' | 'username' | 'online'>;
  size?: 'small' | 'medium' | 'large';
  showPresence?: boolean;
};

/**
 * Initials on a colour of the user's own. Profile pictures (`avatarUrl`) need the bearer token, which an <img> cannot
 * send, so they are left for when uploads arrive.
 */
export function Avatar({ user, size = 'medium', showPresence = false }: AvatarProps) {
  return (
    <span className={`avatar avatar--${size}`} style={{ '--avatar-hue': hueFor(user.id) } as CSSProperties} aria-hidden="true">
      {initials(user.displayName, user.username)}
      {showPresence && <span className={`avatar__presence${user.online ? ' avatar__presence--online' : ''}`} />}
    </span>
  );
}
