import { NavLink, type NavLinkProps } from 'react-router';
import { UsersIcon } from '../../../components/icons';
import { useFriendRequests } from '../api/friend-requests';
import { useInvites } from '../api/invites';
import '../friends.css';

export type FriendsNavLinkProps = {
  /** The shell's class for navigation links (active or not). */
  className: NavLinkProps['className'];
};

/** "Friends" in the navigation, with the number of friend requests and room invites waiting for an answer. */
export function FriendsNavLink({ className }: FriendsNavLinkProps) {
  const incoming = useFriendRequests('incoming');
  const invites = useInvites();
  const waiting = (incoming.data?.length ?? 0) + (invites.data?.length ?? 0);

  return (
    <NavLink to="/friends" className={className}>
      <span className="nav-icon">
        <UsersIcon />
        {waiting > 0 && (
          <span className="nav-icon__count" aria-hidden="true">
            {waiting > 99 ? '99+' : waiting}
          </span>
        )}
      </span>
      <span className="nav__label">Friends</span>
      {waiting > 0 && <span className="visually-hidden">, {waiting} waiting for your answer</span>}
    </NavLink>
  );
}
