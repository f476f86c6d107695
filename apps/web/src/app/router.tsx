import { createBrowserRouter } from 'react-router';
import { AdminPage } from '../features/admin/components/admin-page';
import { ForgotPasswordPage } from '../features/auth/components/forgot-password-page';
import { InviteLinkRoute } from '../features/auth/components/invite-link-route';
import { LoginPage } from '../features/auth/components/login-page';
import { RegisterPage } from '../features/auth/components/register-page';
import { ResetPasswordPage } from '../features/auth/components/reset-password-page';
import { MyProfilePage } from '../features/profile/components/my-profile-page';
import { NotificationSettingsPage } from '../features/notification-settings/components/notification-settings-page';
import { SearchPage } from '../features/users/components/search-page';
import { UserProfilePage } from '../features/users/components/user-profile-page';
import { FriendsPage } from '../features/friends/components/friends-page';
import { FriendshipActions } from '../features/friends/components/friendship-actions';
import { NotificationsPage } from '../features/notifications/components/notifications-page';
import { DiscoverRoomsPage } from '../features/rooms/components/discover-rooms-page';
import { RoomDetailsPage } from '../features/rooms/components/room-details-page';
import { RoomInvitePage } from '../features/rooms/components/room-invite-page';
import { ReportsPage } from '../features/reports/components/reports-page';
import { ChatHome } from '../features/chat/components/chat-home';
import { SavedPage } from '../features/chat/components/saved-page';
import { MessageSearchPage } from '../features/message-search/components/message-search-page';
import { AppShell, type ShellHandle } from './app-shell';
import { ConversationRoute, MessageLinkRedirect } from './conversation-route';
import { NotFoundPage } from './not-found-page';
import { OfflineCache } from './offline-cache';
import { RealtimeProvider } from './realtime-provider';
import { GuestOnly, RequireAuth } from './require-auth';

/** Chat screens use the whole pane; a conversation also the whole phone screen (it has its own way back). */
const chatHandle: ShellHandle = { fullBleed: true };
const conversationHandle: ShellHandle = { fullBleed: true, immersive: true };

export function createRouter() {
  return createBrowserRouter([
    {
      path: '/login',
      element: (
        <GuestOnly>
          <LoginPage />
        </GuestOnly>
      ),
    },
    {
      path: '/register',
      element: (
        <GuestOnly>
          <RegisterPage />
        </GuestOnly>
      ),
    },
    // The path of a server invite link's `url` (the API builds `PUBLIC_URL/invite/<code>`).
    { path: '/invite/:code', element: <InviteLinkRoute /> },
    { path: '/forgot-password', element: <ForgotPasswordPage /> },
    // The exact path of the link the server mails.
    { path: '/reset-password', element: <ResetPasswordPage /> },
    {
      element: (
        <RequireAuth>
          <OfflineCache>
            <RealtimeProvider>
              <AppShell />
            </RealtimeProvider>
          </OfflineCache>
        </RequireAuth>
      ),
      children: [
        { index: true, element: <ChatHome />, handle: chatHandle },
        { path: '/profile', element: <MyProfilePage /> },
        { path: '/settings/notifications', element: <NotificationSettingsPage /> },
        { path: '/search', element: <SearchPage /> },
        { path: '/search/messages', element: <MessageSearchPage /> },
        { path: '/users/:id', element: <UserProfilePage actions={(user) => <FriendshipActions user={user} />} /> },
        { path: '/friends', element: <FriendsPage /> },
        { path: '/rooms/discover', element: <DiscoverRoomsPage /> },
        { path: '/rooms/new', element: <DiscoverRoomsPage creating /> },
        { path: '/rooms/:roomId/details', element: <RoomDetailsPage /> },
        { path: '/rooms/:roomId', element: <ConversationRoute />, handle: conversationHandle },
        // A message's permalink: the conversation centred on it (`?seq=`).
        { path: '/rooms/:roomId/messages/:seq', element: <MessageLinkRedirect /> },
        { path: '/notifications', element: <NotificationsPage /> },
        { path: '/admin/:tab?', element: <AdminPage /> },
        { path: '/reports', element: <ReportsPage /> },
        // The exact path of a room invite link's `url`; logged out, RequireAuth sends to /login and back here.
        { path: '/room-invites/:code', element: <RoomInvitePage /> },
        { path: '/saved', element: <SavedPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
