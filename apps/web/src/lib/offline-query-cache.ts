import { createAsyncStoragePersister } from '@tanstack/query-async-storage-persister';
import type { DehydratedState, Query, QueryKey } from '@tanstack/react-query';
import type { PersistedClient, Persister } from '@tanstack/react-query-persist-client';
import type { OfflineStorage } from './offline-store';
import { isJoinedRoomsKey, isRoomMembersKey, isRoomMessagesKey, queryKeys } from './query-keys';

/**
 * The offline copy of what the chat needs to open without the server: the user's profile, their rooms, and the
 * newest history (with members and details) of the rooms they opened last. Kept in IndexedDB per user
 * (`query-cache:<userId>`), through TanStack Query's persister: bounded (those queries only, the newest pages of each
 * history), dropped when the app's build changes or after a day, written only while the session on this device is
 * that user's, and removed when it ends.
 */

/** How many recently opened rooms keep their history on the device. */
export const OFFLINE_ROOMS = 10;
/** How many pages of each kept history (the newest ones). */
export const OFFLINE_HISTORY_PAGES = 2;
/** A copy older than this is not shown (the persister drops it). */
export const OFFLINE_CACHE_MAX_AGE_MS = 24 * 60 * 60_000;

export const queryCacheKey = (userId: string) => `query-cache:${userId}`;

/** What is stored: TanStack Query's persisted client, and which rooms were opened last (newest first). */
export interface StoredQueryCache extends PersistedClient {
  recentRoomIds: string[];
}

/**
 * The rooms opened last, newest first, at most `OFFLINE_ROOMS`: which histories the offline copy keeps. Restored with
 * the copy, so the choice survives reloads.
 */
export class RecentRooms {
  private ids: string[] = [];
  private owner: string | null = null;
  private readonly listeners = new Set<() => void>();

  list(): readonly string[] {
    return this.ids;
  }

  has(roomId: string): boolean {
    return this.ids.includes(roomId);
  }

  opened(roomId: string): void {
    if (this.ids[0] === roomId) return;
    this.ids = [roomId, ...this.ids.filter((id) => id !== roomId)].slice(0, OFFLINE_ROOMS);
    this.listeners.forEach((l) => l());
  }

  /**
   * The list is the user's from now on: another user's is forgotten (rooms opened before the session said whose it is
   * were this session's, and stay).
   */
  useFor(userId: string): void {
    if (this.owner !== null && this.owner !== userId) this.ids = [];
    this.owner = userId;
  }

  /** The list saved with the copy. */
  reset(ids: readonly string[] = []): void {
    this.ids = ids.filter((id) => typeof id === 'string').slice(0, OFFLINE_ROOMS);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The app's list (one session at a time). */
export const recentRooms = new RecentRooms();

/** The room a room-scoped key of the offline copy belongs to (its details, members or history), else null. */
export function offlineRoomOf(key: QueryKey): string | null {
  if (key[0] !== 'rooms' || typeof key[1] !== 'string' || isJoinedRoomsKey(key)) return null;
  if (key.length === 2 && key[1] !== 'discover') return key[1];
  if (isRoomMessagesKey(key) || isRoomMembersKey(key)) return key[1];
  return null;
}

function isSessionKey(key: QueryKey): boolean {
  return (key.length === 1 && key[0] === queryKeys.me()[0]) || isJoinedRoomsKey(key);
}

/** `dehydrateOptions.shouldDehydrateQuery`: loaded answers of the profile, the rooms, and the recent rooms' queries. */
export function shouldKeepQuery(query: Pick<Query, 'queryKey' | 'state'>, recent: Pick<RecentRooms, 'has'>): boolean {
  if (query.state.status !== 'success') return false;
  if (isSessionKey(query.queryKey)) return true;
  const roomId = offlineRoomOf(query.queryKey);
  return roomId !== null && recent.has(roomId);
}

interface InfiniteData {
  pages: unknown[];
  pageParams: unknown[];
}

function isInfiniteData(value: unknown): value is InfiniteData {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as InfiniteData).pages) &&
    Array.isArray((value as InfiniteData).pageParams)
  );
}

/** A history's newest pages only (the first ones: a room's history starts at its newest page). */
export function trimPages<T>(data: T, pages = OFFLINE_HISTORY_PAGES): T {
  if (!isInfiniteData(data) || data.pages.length <= pages) return data;
  return { ...data, pages: data.pages.slice(0, pages), pageParams: data.pageParams.slice(0, pages) };
}

type DehydratedQuery = DehydratedState['queries'][number];

/**
 * What is written: the kept queries (histories trimmed), plus, for a recent room whose queries left memory since (the
 * cache drops unused queries after a few minutes), what the previous copy held of it. Rooms no longer in the joined
 * list are left out.
 */
export function boundQueryCache(client: PersistedClient, recentIds: readonly string[], previous?: StoredQueryCache): StoredQueryCache {
  const recent = new Set(recentIds);
  const queries: DehydratedQuery[] = [];
  const held = new Set<string>();
  for (const q of client.clientState.queries) {
    const roomId = offlineRoomOf(q.queryKey);
    if (roomId !== null ? !recent.has(roomId) : !isSessionKey(q.queryKey)) continue;
    if (q.state.status !== 'success') continue;
    held.add(q.queryHash);
    queries.push(isRoomMessagesKey(q.queryKey) ? { ...q, state: { ...q.state, data: trimPages(q.state.data) } } : q);
  }
  for (const q of previous?.clientState.queries ?? []) {
    const roomId = offlineRoomOf(q.queryKey);
    if (roomId !== null && recent.has(roomId) && !held.has(q.queryHash)) queries.push(q);
  }
  const joined = queries.find((q) => isJoinedRoomsKey(q.queryKey))?.state.data;
  const member = Array.isArray(joined) ? new Set(joined.map((r: { id?: unknown }) => r.id)) : null;
  const kept = member
    ? queries.filter((q) => {
        const roomId = offlineRoomOf(q.queryKey);
        return roomId === null || member.has(roomId);
      })
    : queries;
  return {
    timestamp: client.timestamp,
    buster: client.buster,
    clientState: { mutations: [], queries: kept },
    recentRoomIds: recentIds.filter((id) => !member || member.has(id)),
  };
}

function isStoredQueryCache(value: unknown): value is StoredQueryCache {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<StoredQueryCache>;
  return (
    typeof v.timestamp === 'number' &&
    typeof v.buster === 'string' &&
    typeof v.clientState === 'object' &&
    v.clientState !== null &&
    Array.isArray(v.clientState.queries) &&
    Array.isArray(v.recentRoomIds)
  );
}

export interface QueryCachePersisterOptions {
  storage: OfflineStorage;
  userId: string;
  recent: RecentRooms;
  /** Whether the session on this device is still this user's: nothing is written otherwise (logged out, another user). */
  canWrite: () => boolean;
  /** A restore slower than this shows the app without the copy (IndexedDB can hang in some private modes). */
  restoreTimeoutMs?: number;
  throttleMs?: number;
}

/**
 * The user's persister for `persistQueryClientRestore`/`persistQueryClientSubscribe`: TanStack's async-storage
 * persister (throttled writes) over the app's IndexedDB store, as JSON, bounded by `boundQueryCache`.
 */
export function createQueryCachePersister({
  storage,
  userId,
  recent,
  canWrite,
  restoreTimeoutMs = 2_000,
  throttleMs = 1_000,
}: QueryCachePersisterOptions): Persister {
  const key = queryCacheKey(userId);
  let previous: StoredQueryCache | undefined;
  const inner = createAsyncStoragePersister({
    key,
    throttleTime: throttleMs,
    storage: {
      getItem: (k) => storage.read<unknown>(k).then((v) => (typeof v === 'string' ? v : undefined)),
      // Checked again as it is written (writes are throttled): the session may have ended meanwhile.
      setItem: (k, value) => (value && canWrite() ? storage.write(k, value) : Promise.resolve()),
      removeItem: (k) => storage.write(k, undefined),
    },
    serialize: (client) => {
      if (!canWrite()) return '';
      previous = boundQueryCache(client, recent.list(), previous);
      return JSON.stringify(previous);
    },
    deserialize: (text) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        value = null;
      }
      // Unreadable: restored as an empty copy of another build (the restore then discards it).
      return isStoredQueryCache(value)
        ? value
        : { timestamp: 0, buster: '', clientState: { mutations: [], queries: [] }, recentRoomIds: [] };
    },
  });
  return {
    persistClient: inner.persistClient,
    removeClient: () => {
      previous = undefined;
      return inner.removeClient();
    },
    async restoreClient() {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), restoreTimeoutMs);
      });
      const stored = (await Promise.race([inner.restoreClient(), timeout])) as StoredQueryCache | undefined;
      clearTimeout(timer);
      if (!stored) return undefined;
      previous = stored;
      recent.reset(stored.recentRoomIds);
      return stored;
    },
  };
}
