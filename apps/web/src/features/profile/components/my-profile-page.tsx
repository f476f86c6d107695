import { Link, useLocation } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Page } from '../../../components/page';
import { ProfileHeader } from '../../../components/profile-header';
import { Loading } from '../../../components/spinner';
import { useMe } from '../../../lib/auth';
import { describeError } from '../../../lib/errors';
import { ChangePasswordForm } from './change-password-form';
import { ProfileForm } from './profile-form';
import { ProfilePicturesCard } from './profile-pictures-card';
import { SessionsCard } from './sessions-card';

export function MyProfilePage() {
  const me = useMe();
  const welcome = (useLocation().state as { welcome?: boolean } | null)?.welcome === true;

  return (
    <Page title="My profile" description="How other people see you, and the settings of your account.">
      {me.isPending ? (
        <Loading />
      ) : me.isError ? (
        <Alert
          action={
            <Button variant="secondary" onClick={() => void me.refetch()}>
              Try again
            </Button>
          }
        >
          Could not load your profile. {describeError(me.error)}
        </Alert>
      ) : (
        <div className="stack">
          {welcome && (
            <Alert tone="info" title={`Welcome, ${me.data.displayName}!`}>
              Add a bio so people know who you are, then <Link to="/search">find people you know</Link>.
            </Alert>
          )}
          <ProfileHeader user={me.data} />
          <ProfilePicturesCard me={me.data} />
          <ProfileForm me={me.data} />
          <ChangePasswordForm />
          <SessionsCard />
        </div>
      )}
    </Page>
  );
}
