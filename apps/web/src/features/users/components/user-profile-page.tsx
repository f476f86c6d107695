import type { User } from '@chat/contracts';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { Page } from '../../../components/page';
import { ProfileHeader } from '../../../components/profile-header';
import { QueryView } from '../../../components/query-view';
import { isApiError } from '../../../lib/api-client';
import { useBlockedIds } from '../../../lib/safety';
import { useUser } from '../api/get-user';
import { UserSafetyActions } from './user-safety-actions';
import '../users.css';

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
  const blocked = useBlockedIds();

  return (
    <Page title={user.data?.displayName ?? 'Profile'}>
      <QueryView
        query={user}
        renderError={(error) =>
          isApiError(error) && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION_FAILED') ? (
            <Alert title="No such person">
              This profile does not exist. <Link to="/search">Search for people</Link> instead.
            </Alert>
          ) : undefined
        }
        errorText="Could not load this profile."
      >
        {(data) => (
          <ProfileHeader
            user={data}
            actions={
              data.friendship === 'self' ? (
                <Link to="/profile" className="btn btn--secondary">
                  <span>Edit profile</span>
                </Link>
              ) : (
                <div className="profile-actions">
                  {/* Friendship and messages are refused both ways while a block stands: not offered. */}
                  {!blocked.has(data.id) && actions?.(data)}
                  <UserSafetyActions user={data} blocked={blocked.has(data.id)} />
                </div>
              )
            }
          />
        )}
      </QueryView>
    </Page>
  );
}
