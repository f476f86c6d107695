import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  persistQueryClientRestore,
  persistQueryClientSave,
  persistQueryClientSubscribe,
  type PersistQueryClientOptions,
} from '@tanstack/react-query-persist-client';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { meQueryOptions } from '../lib/auth';
import { createQueryCachePersister, OFFLINE_CACHE_MAX_AGE_MS, recentRooms, shouldKeepQuery } from '../lib/offline-query-cache';
import { offlineStorage } from '../lib/offline-store';
import { joinedRoomsQueryOptions } from '../lib/room-queries';
import { tokenStore } from '../lib/token-store';

/** The build this page runs (vite.config.ts): a copy saved by another build is dropped, its shapes may differ. */
declare const __APP_BUILD__: string;

const RestoredContext = createContext(false);

/** Whether this page started from the copy saved on this device (the banner then says it shows saved messages). */
export function useStartedFromSavedCopy(): boolean {
  return useContext(RestoredContext);
}

function useSessionUserId(): string | null {
  return useSyncExternalStore(tokenStore.subscribe, tokenStore.userId, () => null);
}

/** A session stored before it recorded its user learns it from the profile (the next load can then use the copy). */
function RememberSessionUser() {
  const meId = useQuery(meQueryOptions()).data?.id;
  useEffect(() => {
    if (meId && tokenStore.get() !== null && tokenStore.userId() === null) tokenStore.rememberUser(meId);
  }, [meId]);
  return null;
}

export type OfflineCacheProps = { children: ReactNode };

/**
 * Keeps the logged-in user's rooms and the newest messages of the rooms they opened last on this device
 * (`lib/offline-query-cache`), and starts the app from that copy: the copy is read before the app shows (so the
 * socket's first catch-up covers the restored histories), then whatever changes is written, throttled. Fresh answers
 * replace it as the app fetches (rooms, profile) and catches up (histories) once the server is reachable.
 */
export function OfflineCache({ children }: OfflineCacheProps) {
  const queryClient = useQueryClient();
  const userId = useSessionUserId();
  // Read the copy first only when the session says whose it is from the start, and only offline: online, the server's
  // answers come first (a copy written before the last change, throttled, would otherwise seed forms with old values).
  // Otherwise start saving once it does.
  const [restoring, setRestoring] = useState(() => userId !== null && typeof navigator !== 'undefined' && !navigator.onLine);
  const [restored, setRestored] = useState(false);

  useEffect(() => {
    if (!userId) return;
    // What is in memory belongs to someone else (another tab changed accounts): it is neither shown nor saved.
    const cachedMe = queryClient.getQueryData(meQueryOptions().queryKey);
    if (cachedMe && cachedMe.id !== userId) queryClient.clear();
    const persister = createQueryCachePersister({
      storage: offlineStorage,
      userId,
      recent: recentRooms,
      canWrite: () => tokenStore.userId() === userId,
    });
    const options: PersistQueryClientOptions = {
      queryClient,
      persister,
      buster: __APP_BUILD__,
      maxAge: OFFLINE_CACHE_MAX_AGE_MS,
      dehydrateOptions: { shouldDehydrateQuery: (query) => shouldKeepQuery(query, recentRooms) },
    };
    let live = true;
    let stop: (() => void) | null = null;
    const start = () => {
      const unsubscribe = persistQueryClientSubscribe(options);
      // Opening a room whose history is already loaded changes no query: the list of recent rooms still changed.
      const unsubscribeRecent = recentRooms.subscribe(() => void persistQueryClientSave(options));
      stop = () => {
        unsubscribe();
        unsubscribeRecent();
      };
    };
    recentRooms.useFor(userId);
    if (restoring) {
      void persistQueryClientRestore(options)
        .then(() => {
          if (!live) return;
          setRestored(queryClient.getQueryData(joinedRoomsQueryOptions().queryKey) !== undefined);
          // The copy is only a stand-in: every restored query asks the server again as soon as it is used (online).
          void queryClient.invalidateQueries();
        })
        .catch(() => undefined)
        .finally(() => {
          if (!live) return;
          start();
          setRestoring(false);
        });
    } else {
      start();
    }
    return () => {
      live = false;
      stop?.();
      // The session ended (logged out, refused, expired) or changed hands: its copy goes.
      if (tokenStore.userId() !== userId) void persister.removeClient();
    };
    // `restoring` only decides how the first run starts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryClient, userId]);

  if (restoring) return null;
  return (
    <RestoredContext.Provider value={restored}>
      {userId === null && <RememberSessionUser />}
      {children}
    </RestoredContext.Provider>
  );
}
