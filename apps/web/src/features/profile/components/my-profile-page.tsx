import { Link, useLocation } from 'react-router';
import { Alert } from '../../../components/alert';
import { Page } from '../../../components/page';
import { ProfileHeader } from '../../../components/profile-header';
import { QueryView } from '../../../components/query-view';
import { useMe } from '../../../lib/auth';
import { BlockedUsersCard } from './blocked-users-card';
import { ChangePasswordForm } from './change-password-form';
import { DeleteAccountCard } from './delete-account-card';
import { DesktopNotificationsCard } from './desktop-notifications-card';
import { ProfileForm } from './profile-form';
import { ProfilePicturesCard } from './profile-pictures-card';
import { SessionsCard } from './sessions-card';

export function MyProfilePage() {
  const me = useMe();
  const welcome = (useLocation().state as { welcome?: boolean } | null)?.welcome === true;

  return (
    <Page title="My profile" description="How other people see you, and the settings of your account.">
      <QueryView query={me} errorText="Could not load your profile.">
        {(data) => (
          <div className="stack">
            {welcome && (
              <Alert tone="info" title={`Welcome, ${data.displayName}!`}>
                Add a bio so people know who you are, then <Link to="/search">find people you know</Link>.
              </Alert>
            )}
            {welcome && data.serverRole === 'admin' && (
              // Only the first account of a server is an admin the moment it signs up.
              <Alert tone="info" title="You are this server’s admin">
                Yours is the first account here, so you run this server: choose its name and who may sign up in{' '}
                <Link to="/admin">Administration</Link>. It is also in your account menu.
              </Alert>
            )}
            <ProfileHeader user={data} />
            <ProfilePicturesCard me={data} />
            <ProfileForm me={data} />
            <ChangePasswordForm />
            <DesktopNotificationsCard />
            <SessionsCard />
            <BlockedUsersCard />
            <DeleteAccountCard me={data} />
          </div>
        )}
      </QueryView>
    </Page>
  );
}
