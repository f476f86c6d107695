import type { User } from '@chat/contracts';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Page } from '../../../components/page';
import { ProfileHeader } from '../../../components/profile-header';
import { Loading } from '../../../components/spinner';
import { isApiError } from '../../../lib/api-client';
import { describeError } from '../../../lib/errors';
import { useUser } from '../api/get-user';

export type UserProfilePageProps = {
  /**
   * The buttons for someone else's profile (friendship, message). Given by the app, which composes features: this
   * one does not import others.
   */
  actions?: (user: User) => ReactNode;
};

/** Someone's public profile, `/users/:id`. */
export function UserProfilePage({ actions }: UserProfilePageProps) {
  const { id = '' } = useParams();
  const user = useUser(id);
  const missing = isApiError(user.error) && (user.error.code === 'NOT_FOUND' || user.error.code === 'VALIDATION_FAILED');

  return (
    <Page title={user.data?.displayName ?? 'Profile'}>
      {user.isPending ? (
        <Loading />
      ) : missing ? (
        <Alert title="No such person">
          This profile does not exist. <Link to="/search">Search for people</Link> instead.
        </Alert>
      ) : user.isError ? (
        <Alert
          action={
            <Button variant="secondary" onClick={() => void user.refetch()}>
              Try again
            </Button>
          }
        >
          Could not load this profile. {describeError(user.error)}
        </Alert>
      ) : (
        <ProfileHeader
          user={user.data}
          actions={
            user.data.friendship === 'self' ? (
              <Link to="/profile" className="btn btn--secondary">
                <span>Edit profile</span>
              </Link>
            ) : (
              (actions?.(user.data) ?? null)
            )
          }
        />
      )}
    </Page>
  );
}
