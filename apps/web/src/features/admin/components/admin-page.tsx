import type { ComponentType } from 'react';
import type { Key } from 'react-aria-components';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { Page } from '../../../components/page';
import { QueryView } from '../../../components/query-view';
import { useMe } from '../../../lib/auth';
import { AuditTab } from './audit-tab';
import { InviteLinksTab } from './invite-links-tab';
import { OverviewTab } from './overview-tab';
import { SettingsTab } from './settings-tab';
import { UsersTab } from './users-tab';
import '../admin.css';

/** The tabs of /admin, each at its own address so a reload, the back button and a shared link keep it. */
const TABS = [
  { id: 'overview', path: '/admin', label: 'Overview' },
  { id: 'settings', path: '/admin/settings', label: 'Settings' },
  { id: 'users', path: '/admin/users', label: 'Users' },
  { id: 'invites', path: '/admin/invites', label: 'Invite links' },
  { id: 'audit', path: '/admin/audit', label: 'Audit log' },
] as const;
type TabId = (typeof TABS)[number]['id'];

const PANELS: Record<TabId, ComponentType> = {
  overview: OverviewTab,
  settings: SettingsTab,
  users: UsersTab,
  invites: InviteLinksTab,
  audit: AuditTab,
};

/** `/admin/:tab?`: the server's administration, for server admins only; anyone else is told so. */
export function AdminPage() {
  const me = useMe();
  return (
    <QueryView query={me} errorText="Could not load your account.">
      {(data) => (data.serverRole === 'admin' ? <AdminTabs /> : <NotAllowed />)}
    </QueryView>
  );
}

function NotAllowed() {
  return (
    <Page title="Not allowed">
      <p>
        Only the admins of this server can open its administration. If you need something changed, ask one of them.{' '}
        <Link to="/">Go to the start</Link>.
      </p>
    </Page>
  );
}

function AdminTabs() {
  const { tab } = useParams();
  const navigate = useNavigate();
  const current = TABS.find((t) => t.id === (tab ?? 'overview'));
  // `/admin/overview` is the same tab as `/admin`; an unknown tab goes there too.
  if (!current || tab === 'overview') return <Navigate to="/admin" replace />;
  const select = (key: Key) => {
    const next = TABS.find((t) => t.id === key);
    if (next && next.id !== current.id) void navigate(next.path);
  };

  return (
    <Page title="Administration" description="This server at a glance, its settings, people and sign-up, and a log of what its admins did.">
      <Tabs selectedKey={current.id} onSelectionChange={select} className="admin-tabs">
        <div className="admin-tabs__bar">
          <TabList aria-label="Administration" className="admin-tabs__list">
            {TABS.map((t) => (
              <Tab key={t.id} id={t.id} className="admin-tabs__tab">
                {t.label}
              </Tab>
            ))}
          </TabList>
          <Link to="/reports" className="admin-tabs__link">
            Reports
          </Link>
        </div>
        {TABS.map((t) => {
          const Panel = PANELS[t.id];
          return (
            <TabPanel key={t.id} id={t.id} className="admin-tabs__panel">
              <Panel />
            </TabPanel>
          );
        })}
      </Tabs>
    </Page>
  );
}
