import type { Notification } from '@chat/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, type ReactNode } from 'react';
import { ChatRealtimeProvider } from '../features/chat/realtime/chat-realtime-provider';
import { invitesQueryOptions } from '../features/friends/api/invites';
import { notificationsQueryOptions } from '../features/notifications/api/notifications';
import { startActivityReports } from '../lib/client-active';
import { friendsQueryOptions } from '../lib/friend-queries';
import { queryKeys } from '../lib/query-keys';
import { SocketProvider, useSocket } from '../lib/socket-provider';
import { tokenStore } from '../lib/token-store';

/**
 * Friendships and notifications change under other features' caches: their events only mark those stale (the pages
 * showing them refetch). Profiles and search results carry the friendship state too (every `queryKeys.users` key).
 */
function SocialEvents() {
  const socket = useSocket();
  const queryClient = useQueryClient();
  useEffect(() => {
    const friends = () => {
      void queryClient.invalidateQueries({ queryKey: friendsQueryOptions().queryKey });
      void queryClient.invalidateQueries({ queryKey: queryKeys.users.all() });
    };
    const notification = (n: Notification) => {
      void queryClient.invalidateQueries({ queryKey: notificationsQueryOptions().queryKey });
      if (n.type === 'room_invite') void queryClient.invalidateQueries({ queryKey: invitesQueryOptions().queryKey });
      if (n.type === 'friend_request' || n.type === 'friend_accepted') friends();
    };
    // Missed while disconnected. (Not on the first connection: these pages fetch on their own as they open, and
    // fetching every open profile again at load would only double the requests.)
    let connectedBefore = socket.connected;
    const reconnect = () => {
      if (connectedBefore) {
        friends();
        void queryClient.invalidateQueries({ queryKey: notificationsQueryOptions().queryKey });
        void queryClient.invalidateQueries({ queryKey: invitesQueryOptions().queryKey });
      }
      connectedBefore = true;
    };
    socket.on('friend:request', friends);
    socket.on('friend:accepted', friends);
    socket.on('friend:removed', friends);
    // read on another device, or by a read marker passing their message
    const notificationRead = () => void queryClient.invalidateQueries({ queryKey: notificationsQueryOptions().queryKey });
    socket.on('notification:new', notification);
    socket.on('notification:read', notificationRead);
    socket.on('connect', reconnect);
    return () => {
      socket.off('friend:request', friends);
      socket.off('friend:accepted', friends);
      socket.off('friend:removed', friends);
      socket.off('notification:new', notification);
      socket.off('notification:read', notificationRead);
      socket.off('connect', reconnect);
    };
  }, [socket, queryClient]);
  return null;
}

/** Tells the server while this page has focus, so it pushes nothing to the person's other devices meanwhile. */
function ActivityReports() {
  const socket = useSocket();
  useEffect(() => startActivityReports(socket), [socket]);
  return null;
}

export type RealtimeProviderProps = { children: ReactNode };

/**
 * The logged-in app's one socket and everything listening to it. A handshake refused for the session is a 401:
 * the token goes (the route guard then shows /login) with the cached data of that user.
 */
export function RealtimeProvider({ children }: RealtimeProviderProps) {
  const queryClient = useQueryClient();
  const onUnauthenticated = useCallback(() => {
    tokenStore.clear('session-ended');
    queryClient.clear();
  }, [queryClient]);
  return (
    <SocketProvider getToken={tokenStore.get} onUnauthenticated={onUnauthenticated}>
      <SocialEvents />
      <ActivityReports />
      <ChatRealtimeProvider>{children}</ChatRealtimeProvider>
    </SocketProvider>
  );
}
