import type { Room } from '@chat/contracts';
import type { CSSProperties, ReactNode } from 'react';
import { hueFor } from '../lib/text';
import { GlobeIcon, LockIcon } from './icons';
import { PictureImg } from './picture-img';
import './list.css';

export type RoomAvatarProps = {
  room: Pick<Room, 'id' | 'name'> & { avatarUrl?: string | null };
  size?: 'small' | 'medium' | 'large';
};

/** A room's mark: the first letter of its name on the room's own colour, with rounded corners (people are round). */
export function RoomAvatar({ room, size = 'medium' }: RoomAvatarProps) {
  const letter = Array.from(room.name.trim())[0]?.toLocaleUpperCase() ?? '#';
  return (
    <span className={`avatar avatar--${size} room-avatar`} style={{ '--avatar-hue': hueFor(room.id) } as CSSProperties} aria-hidden="true">
      {letter}
      <PictureImg url={room.avatarUrl} className="avatar__img" />
    </span>
  );
}

export type VisibilityBadgeProps = { visibility: Room['visibility'] };

export function VisibilityBadge({ visibility }: VisibilityBadgeProps) {
  return (
    <span className={`visibility visibility--${visibility}`}>
      {visibility === 'public' ? <GlobeIcon width={13} height={13} /> : <LockIcon width={13} height={13} />}
      {visibility === 'public' ? 'Public' : 'Private'}
    </span>
  );
}

export type RoomRowProps = {
  room: Room;
  /** The line under the name; the description by default. */
  meta?: ReactNode;
  actions?: ReactNode;
};

/** One room in a list: its mark, name, visibility, member count, a line about it, and actions. */
export function RoomRow({ room, meta, actions }: RoomRowProps) {
  return (
    <li className="person-row room-row">
      <RoomAvatar room={room} />
      <div className="person-row__text">
        <span className="person-row__name">
          <span className="room-row__name">{room.name}</span>
          <VisibilityBadge visibility={room.visibility} />
        </span>
        <span className="person-row__meta">
          {room.memberCount} {room.memberCount === 1 ? 'member' : 'members'}
          {meta !== undefined ? <> · {meta}</> : room.description ? <> · {room.description}</> : null}
        </span>
      </div>
      {actions && <div className="person-row__actions">{actions}</div>}
    </li>
  );
}
