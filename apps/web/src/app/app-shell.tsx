import { NavLink, Outlet } from 'react-router';
import { Avatar } from '../components/avatar';
import { Brand } from '../components/brand';
import { LogOutIcon, SearchIcon, UserIcon } from '../components/icons';
import { useMe } from '../lib/auth';
import { useLogout } from '../features/auth/api/logout';

const navClass = ({ isActive }: { isActive: boolean }) => `nav__link${isActive ? ' nav__link--active' : ''}`;

/** The logged-in frame: a sidebar (a top bar on phones) with the navigation, and the main pane. */
export function AppShell() {
  const me = useMe();
  const logout = useLogout();

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar-column">
        <div className="sidebar">
          <div className="sidebar__brand">
            <Brand />
          </div>
          <nav className="nav" aria-label="Main">
            <NavLink to="/search" className={navClass}>
              <SearchIcon />
              <span className="nav__label">Search people</span>
            </NavLink>
            <NavLink to="/profile" className={navClass}>
              <UserIcon />
              <span className="nav__label">My profile</span>
            </NavLink>
            <button type="button" className="nav__link nav__link--button" onClick={() => logout.mutate()} disabled={logout.isPending}>
              <LogOutIcon />
              <span className="nav__label">{logout.isPending ? 'Logging out…' : 'Log out'}</span>
            </button>
          </nav>
          {me.data && (
            <div className="sidebar__me">
              <Avatar user={{ ...me.data, online: true }} size="small" showPresence />
              <span className="sidebar__me-text">
                <span className="sidebar__me-name">{me.data.displayName}</span>
                <span className="sidebar__me-username">@{me.data.username}</span>
              </span>
            </div>
          )}
        </div>
      </aside>
      <main className="main" id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
