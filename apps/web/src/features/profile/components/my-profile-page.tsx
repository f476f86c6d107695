import { Link, useLocation } from 'react-router';
import { Alert } from '../../../components/alert';
import { Page } from '../../../components/page';
import { ProfileHeader } from '../../../components/profile-header';
import { QueryView } from '../../../components/query-view';
import { useMe } from '../../../lib/auth';
import { BlockedUsersCard } from './blocked-users-card';
import { ChangePasswordForm } from './change-password-form';
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
            <ProfileHeader user={data} />
            <ProfilePicturesCard me={data} />
            <ProfileForm me={data} />
            <ChangePasswordForm />
            <DesktopNotificationsCard />
            <SessionsCard />
            <BlockedUsersCard />
          </div>
        )}
      </QueryView>
    </Page>
  );
}
