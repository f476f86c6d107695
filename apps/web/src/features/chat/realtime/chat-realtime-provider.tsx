import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { showToast } from '../../../components/toast';
import { useMe } from '../../../lib/auth';
import { offlineStorage } from '../../../lib/offline-store';
import { createReadNotificationCloser } from '../../../lib/read-notifications';
import { useSocket } from '../../../lib/socket-provider';
import { postMarkUnread } from '../api/mark-unread';
import { postMessage } from '../api/send-message';
import { ChatRuntime } from './chat-runtime';
import { draftStore, persistOutbox } from './offline-persistence';
import type { OutboxEntry } from './outbox';
import type { ReadPause } from './read-markers';

const RuntimeContext = createContext<ChatRuntime | null>(null);

export type ChatRealtimeProviderProps = { children: ReactNode };

/** Starts the chat's socket handlers for the session (inside `SocketProvider` and the router). */
export function ChatRealtimeProvider({ children }: ChatRealtimeProviderProps) {
  const socket = useSocket();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  useEffect(() => {
    navigateRef.current = navigate;
  }, [navigate]);
  const [readNotifications] = useState(createReadNotificationCloser);
  const [runtime] = useState(
    () =>
      new ChatRuntime({
        socket,
        queryClient,
        postMessage,
        postUnread: postMarkUnread,
        navigate: (to, options) => void navigateRef.current(to, options),
        notify: (text) => showToast(text),
        onReadMoved: (roomId, seq) => void readNotifications.read(roomId, seq),
      }),
  );
  useEffect(() => runtime.start(), [runtime]);
  const meId = useMe().data?.id;
  // Unsent messages and drafts survive a reload (IndexedDB), per user: known once the profile is.
  useEffect(() => {
    if (!meId) return;
    let stop: (() => void) | null = null;
    let live = true;
    void persistOutbox(runtime.outbox, meId, offlineStorage).then((end) => {
      if (live) stop = end;
      else end();
    });
    void draftStore.load(meId, offlineStorage);
    const flushDrafts = () => void draftStore.flush();
    window.addEventListener('pagehide', flushDrafts);
    return () => {
      live = false;
      stop?.();
      window.removeEventListener('pagehide', flushDrafts);
      // Logged out (the storage is being cleared): what waits to be written goes with the session.
      draftStore.reset();
    };
  }, [runtime, meId]);
  return <RuntimeContext.Provider value={runtime}>{children}</RuntimeContext.Provider>;
}

export function useChatRuntime(): ChatRuntime {
  const runtime = useContext(RuntimeContext);
  if (!runtime) throw new Error('useChatRuntime must be used inside <ChatRealtimeProvider>');
  return runtime;
}

/** The room's messages still on their way (queued, sending, failed), oldest first. */
export function useOutbox(roomId: string): OutboxEntry[] {
  const { outbox } = useChatRuntime();
  const all = useSyncExternalStore(outbox.subscribe, () => outbox.entries());
  return useMemo(() => all.filter((e) => e.roomId === roomId), [all, roomId]);
}

/** Ids of the people typing in the room now. */
export function useTypingUserIds(roomId: string): readonly string[] {
  const { typing } = useChatRuntime();
  return useSyncExternalStore(typing.subscribe, () => typing.typing(roomId));
}

/** Set while the conversation on screen shows unread on purpose (marked unread): reading waits for the person. */
export function useReadPause(roomId: string): ReadPause | undefined {
  const runtime = useChatRuntime();
  return useSyncExternalStore(runtime.subscribeReadPauses, () => runtime.readPause(roomId));
}
