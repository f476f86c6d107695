import type { User } from '@chat/contracts';
import { Link } from 'react-router';
import { Avatar } from '../../../components/avatar';
import '../users.css';

export type UserListItemProps = {
  user: User;
};

export function UserListItem({ user }: UserListItemProps) {
  return (
    <li>
      <Link to={`/users/${user.id}`} className="user-row">
        <Avatar user={user} showPresence />
        <span className="user-row__text">
          <span className="user-row__name">
            {user.displayName}
            {user.friendship === 'self' && <span className="badge">You</span>}
          </span>
          <span className="user-row__username">@{user.username}</span>
        </span>
        {user.bio && <span className="user-row__bio">{user.bio}</span>}
      </Link>
    </li>
  );
}
