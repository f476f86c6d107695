import { Button as AriaButton, Menu, MenuItem, MenuTrigger, Popover, Separator } from 'react-aria-components';
import { useNavigate } from 'react-router';
import { Avatar } from '../components/avatar';
import { BellIcon, FlagIcon, LogOutIcon, ShieldIcon, UserIcon } from '../components/icons';
import { useMe } from '../lib/auth';
import { useJoinedRooms } from '../lib/room-queries';
import { useLogout } from '../features/auth/api/logout';
import '../components/popover-menu.css';
import './account-menu.css';

/**
 * Who is logged in, as one button that opens the account menu (React Aria's Menu: arrow keys, Escape, focus back to
 * the button): My profile, Notification settings, Administration (server admins only), Reports (for those who moderate), then Log out, apart,
 * so logging out takes a deliberate second choice and is never a bare icon beside the avatar.
 */
export function AccountMenu() {
  const me = useMe();
  const rooms = useJoinedRooms();
  const logout = useLogout();
  const navigate = useNavigate();
  if (!me.data) return null;
  const user = me.data;
  // The server's rule for GET /reports, from what is cached already: server admins, and admins and owners of a room.
  const moderates =
    user.serverRole === 'admin' || (rooms.data ?? []).some((r) => r.kind === 'group' && (r.myRole === 'admin' || r.myRole === 'owner'));

  return (
    <MenuTrigger>
      {/* Named by its content ("Account menu, Ada Lovelace @ada"), which the phone hides only visually. */}
      <AriaButton className="account-button">
        <Avatar user={{ ...user, online: true }} size="small" showPresence />
        <span className="visually-hidden">Account menu, </span>
        <span className="account-button__text">
          <span className="account-button__name">{user.displayName}</span>
          <span className="account-button__username">@{user.username}</span>
        </span>
      </AriaButton>
      <Popover className="popover-menu__popover" placement="top start" offset={6} containerPadding={8}>
        <Menu
          className="popover-menu"
          aria-label="Account"
          onAction={(key) => {
            if (key === 'profile') void navigate('/profile');
            if (key === 'notifications') void navigate('/settings/notifications');
            if (key === 'admin') void navigate('/admin');
            if (key === 'reports') void navigate('/reports');
            if (key === 'logout') logout.mutate();
          }}
        >
          <MenuItem id="profile" className="popover-menu__item" textValue="My profile">
            <UserIcon width={18} height={18} aria-hidden="true" />
            <span>My profile</span>
          </MenuItem>
          <MenuItem id="notifications" className="popover-menu__item" textValue="Notification settings">
            <BellIcon width={18} height={18} aria-hidden="true" />
            <span>Notification settings</span>
          </MenuItem>
          {user.serverRole === 'admin' && (
            <MenuItem id="admin" className="popover-menu__item" textValue="Administration">
              <ShieldIcon width={18} height={18} aria-hidden="true" />
              <span>Administration</span>
            </MenuItem>
          )}
          {moderates && (
            <MenuItem id="reports" className="popover-menu__item" textValue="Reports">
              <FlagIcon width={18} height={18} aria-hidden="true" />
              <span>Reports</span>
            </MenuItem>
          )}
          <Separator className="popover-menu__separator" />
          <MenuItem id="logout" className="popover-menu__item popover-menu__item--danger" textValue="Log out">
            <LogOutIcon width={18} height={18} aria-hidden="true" />
            <span>Log out</span>
          </MenuItem>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
