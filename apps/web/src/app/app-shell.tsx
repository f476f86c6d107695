import { useCallback } from 'react';
import { NavLink, Outlet, useLocation, useMatches, useNavigate } from 'react-router';
import { Brand } from '../components/brand';
import { BookmarkIcon, ChatIcon, HashIcon, SearchIcon, UserIcon } from '../components/icons';
import { Toasts } from '../components/toast';
import { useFocusRegionCycling } from '../lib/focus-regions';
import { useServiceWorkerOpenPaths } from '../lib/service-worker';
import { FriendsNavLink } from '../features/friends/components/friends-nav-link';
import { NotificationBell } from '../features/notifications/components/notification-bell';
import { ChatSidebar } from '../features/chat/components/chat-sidebar';
import { PHONE_QUERY, useMediaQuery } from '../features/chat/hooks/use-media-query';
import { QuickSwitcher } from '../features/switcher/components/quick-switcher';
import { AccountMenu } from './account-menu';
import { ConnectionBanner } from './connection-banner';
import './app-shell.css';

const navClass = ({ isActive }: { isActive: boolean }) => `nav__link${isActive ? ' nav__link--active' : ''}`;

/** What a route tells the shell about its layout (its `handle`). */
export type ShellHandle = {
  /** The page fills the pane edge to edge (chat screens), instead of the padded, centred page column. */
  fullBleed?: boolean;
  /** On a phone the page takes the whole screen, without the top and tab bars (a conversation). */
  immersive?: boolean;
};

/** "/" and a conversation are the chats; /rooms/discover, /rooms/new and a room's details page are not. */
function isChatPath(pathname: string): boolean {
  return pathname === '/' || /^\/rooms\/(?!discover$|new$)[^/]+$/.test(pathname);
}

/** The logged-in frame: a sidebar (a top bar on phones) with the navigation, and the main pane. */
export function AppShell() {
  const phone = useMediaQuery(PHONE_QUERY);
  const { pathname } = useLocation();
  const handles = useMatches().map((m) => (m.handle ?? {}) as ShellHandle);
  const fullBleed = handles.some((h) => h.fullBleed);
  const immersive = handles.some((h) => h.immersive);
  useFocusRegionCycling();
  const navigate = useNavigate();
  // A click on a push notification: the message it is about.
  useServiceWorkerOpenPaths(useCallback((path: string) => void navigate(path), [navigate]));

  return (
    <div className={`shell${fullBleed ? ' shell--full-bleed' : ''}${immersive ? ' shell--immersive' : ''}`}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar-column" aria-label="Sidebar" data-focus-region="">
        <div className="sidebar">
          <div className="sidebar__brand">
            <Brand />
            <NotificationBell />
          </div>
          <nav className="nav" aria-label="Main">
            <NavLink to="/" className={() => navClass({ isActive: isChatPath(pathname) }) + ' nav__link--chats'}>
              <ChatIcon />
              <span className="nav__label">Chats</span>
            </NavLink>
            <FriendsNavLink className={navClass} />
            <NavLink to="/rooms/discover" className={navClass}>
              <HashIcon />
              <span className="nav__label">Rooms</span>
            </NavLink>
            <NavLink to="/saved" className={navClass}>
              <BookmarkIcon />
              <span className="nav__label">Saved</span>
            </NavLink>
            <NavLink to="/search" end className={navClass}>
              <SearchIcon />
              <span className="nav__label">Search people</span>
            </NavLink>
            <NavLink to="/profile" className={navClass}>
              <UserIcon />
              <span className="nav__label">My profile</span>
            </NavLink>
          </nav>
          {!phone && <ChatSidebar />}
          <div className="sidebar__me">
            <AccountMenu />
          </div>
        </div>
      </aside>
      <main className="main" id="main" tabIndex={-1} data-focus-region="">
        <ConnectionBanner />
        <Outlet />
      </main>
      <QuickSwitcher />
      <Toasts />
    </div>
  );
}
