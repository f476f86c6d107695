import { describe, expect, it } from '@jest/globals';
import { QueryClient } from '@tanstack/react-query';
import { persistQueryClientRestore, persistQueryClientSave, type PersistQueryClientOptions } from '@tanstack/react-query-persist-client';
import {
  boundQueryCache,
  createQueryCachePersister,
  OFFLINE_ROOMS,
  offlineRoomOf,
  queryCacheKey,
  RecentRooms,
  shouldKeepQuery,
  trimPages,
  type StoredQueryCache,
} from './offline-query-cache';
import type { OfflineStorage } from './offline-store';
import { queryKeys } from './query-keys';
import { memoryStorage } from './testing/memory-storage';

const page = (from: number, to: number) => ({
  messages: Array.from({ length: to - from + 1 }, (_, i) => ({ id: `m${from + i}`, seq: from + i, body: `message ${from + i}` })),
  hasMore: from > 1,
});

/** Four pages of room r1's history, newest first (as the infinite query holds them). */
const fourPages = { pages: [page(151, 200), page(101, 150), page(51, 100), page(1, 50)], pageParams: [undefined, 151, 101, 51] };

function recentOf(...ids: string[]): RecentRooms {
  const recent = new RecentRooms();
  for (const id of [...ids].reverse()) recent.opened(id);
  return recent;
}

/** A client with what a session holds: the profile, rooms, histories, and things never kept offline. */
function sessionClient(userId = 'ada'): QueryClient {
  const qc = new QueryClient();
  qc.setQueryData(queryKeys.me(), { id: userId, username: userId });
  qc.setQueryData(queryKeys.rooms.joined(), [{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }]);
  qc.setQueryData(queryKeys.rooms.messages('r1'), fourPages);
  qc.setQueryData(queryKeys.rooms.members('r1'), [{ user: { id: userId } }]);
  qc.setQueryData(queryKeys.rooms.detail('r1'), { id: 'r1' });
  qc.setQueryData(queryKeys.rooms.messages('r2'), { pages: [page(1, 3)], pageParams: [undefined] });
  qc.setQueryData(queryKeys.rooms.messages('r3'), { pages: [page(1, 9)], pageParams: [undefined] });
  qc.setQueryData(queryKeys.rooms.pins('r1'), []);
  qc.setQueryData(queryKeys.notifications.unread(), [{ id: 'n1' }]);
  qc.setQueryData(queryKeys.users.detail('bo'), { id: 'bo' });
  return qc;
}

function options(
  qc: QueryClient,
  persister: PersistQueryClientOptions['persister'],
  recent: RecentRooms,
  buster = 'build-1',
): PersistQueryClientOptions {
  return {
    queryClient: qc,
    persister,
    buster,
    dehydrateOptions: { shouldDehydrateQuery: (q) => shouldKeepQuery(q, recent) },
  };
}

function stored(storage: { data: Map<string, unknown> }, userId: string): StoredQueryCache | undefined {
  const text = storage.data.get(queryCacheKey(userId));
  return typeof text === 'string' ? (JSON.parse(text) as StoredQueryCache) : undefined;
}

const keysOf = (cache: StoredQueryCache | undefined) => cache?.clientState.queries.map((q) => q.queryKey) ?? [];

describe('what the offline copy keeps', () => {
  it('names the room of a room’s details, members and history, and of nothing else', () => {
    expect(offlineRoomOf(queryKeys.rooms.detail('r1'))).toBe('r1');
    expect(offlineRoomOf(queryKeys.rooms.members('r1'))).toBe('r1');
    expect(offlineRoomOf(queryKeys.rooms.messages('r1'))).toBe('r1');
    expect(offlineRoomOf(queryKeys.rooms.pins('r1'))).toBeNull();
    expect(offlineRoomOf(queryKeys.rooms.messageWindow('r1', 5))).toBeNull();
    expect(offlineRoomOf(queryKeys.rooms.joined())).toBeNull();
    expect(offlineRoomOf(queryKeys.rooms.discover())).toBeNull();
    expect(offlineRoomOf(queryKeys.users.detail('r1'))).toBeNull();
  });

  it('dehydrates the profile, the rooms and the recent rooms’ queries only, and only loaded answers', () => {
    const qc = sessionClient();
    const recent = recentOf('r1');
    const kept = qc
      .getQueryCache()
      .getAll()
      .filter((q) => shouldKeepQuery(q, recent))
      .map((q) => q.queryKey);
    expect(kept).toEqual(
      expect.arrayContaining([
        queryKeys.me(),
        queryKeys.rooms.joined(),
        queryKeys.rooms.messages('r1'),
        queryKeys.rooms.members('r1'),
        queryKeys.rooms.detail('r1'),
      ]),
    );
    expect(kept).toHaveLength(5);
    const failed = qc.getQueryCache().build(qc, { queryKey: queryKeys.rooms.messages('r1') });
    expect(shouldKeepQuery({ queryKey: failed.queryKey, state: { ...failed.state, status: 'error' } }, recent)).toBe(false);
  });

  it('keeps the rooms opened last, newest first, at most ten', () => {
    const recent = new RecentRooms();
    for (let i = 1; i <= OFFLINE_ROOMS + 2; i++) recent.opened(`r${i}`);
    recent.opened('r5');
    expect(recent.list()).toEqual(['r5', 'r12', 'r11', 'r10', 'r9', 'r8', 'r7', 'r6', 'r4', 'r3']);
    // Opened before the session said whose it is: the same session's.
    recent.useFor('ada');
    expect(recent.list()).toHaveLength(OFFLINE_ROOMS);
    recent.useFor('ada');
    expect(recent.list()[0]).toBe('r5');
    recent.useFor('bo');
    expect(recent.list()).toEqual([]);
  });

  it('trims a history to its newest two pages, with their cursors', () => {
    expect(trimPages(fourPages)).toEqual({ pages: [page(151, 200), page(101, 150)], pageParams: [undefined, 151] });
    const short = { pages: [page(1, 3)], pageParams: [undefined] };
    expect(trimPages(short)).toBe(short);
    expect(trimPages([1, 2, 3])).toEqual([1, 2, 3]);
  });
});

describe('the offline copy as written', () => {
  const at = 1_700_000_000_000;
  const client = (queries: Array<{ key: readonly unknown[]; data: unknown }>) => ({
    timestamp: at,
    buster: 'b',
    clientState: {
      mutations: [],
      queries: queries.map(({ key, data }) => ({
        queryKey: [...key],
        queryHash: JSON.stringify(key),
        dehydratedAt: at,
        state: {
          data,
          dataUpdateCount: 1,
          dataUpdatedAt: at,
          error: null,
          errorUpdateCount: 0,
          errorUpdatedAt: 0,
          fetchFailureCount: 0,
          fetchFailureReason: null,
          fetchMeta: null,
          isInvalidated: false,
          status: 'success' as const,
          fetchStatus: 'idle' as const,
        },
      })),
    },
  });

  it('keeps what the previous copy held of a recent room whose queries left memory, trimmed histories, no left rooms', () => {
    const rooms = [{ id: 'r1' }, { id: 'r2' }];
    const previous = boundQueryCache(
      client([
        { key: queryKeys.rooms.joined(), data: [...rooms, { id: 'r9' }] },
        { key: queryKeys.rooms.messages('r2'), data: { pages: [page(1, 3)], pageParams: [undefined] } },
        { key: queryKeys.rooms.messages('r9'), data: { pages: [page(1, 3)], pageParams: [undefined] } },
      ]),
      ['r2', 'r9'],
    );
    const next = boundQueryCache(
      client([
        { key: queryKeys.me(), data: { id: 'ada' } },
        { key: queryKeys.rooms.joined(), data: rooms },
        { key: queryKeys.rooms.messages('r1'), data: fourPages },
      ]),
      ['r1', 'r2', 'r9'],
      previous,
    );
    expect(keysOf(next)).toEqual([
      queryKeys.me(),
      queryKeys.rooms.joined(),
      queryKeys.rooms.messages('r1'),
      queryKeys.rooms.messages('r2'),
    ]);
    expect((next.clientState.queries[2]!.state.data as typeof fourPages).pages).toHaveLength(2);
    // r9 is no longer joined: neither its history nor its place in the list stays.
    expect(next.recentRoomIds).toEqual(['r1', 'r2']);
    expect(next.clientState.mutations).toEqual([]);
  });
});

describe('the persister, per user', () => {
  it('writes the user’s bounded copy under their key, and a restore brings it back into a fresh client', async () => {
    const storage = memoryStorage();
    const recent = recentOf('r1', 'r2');
    const persister = createQueryCachePersister({ storage, userId: 'ada', recent, canWrite: () => true, throttleMs: 0 });
    await persistQueryClientSave(options(sessionClient(), persister, recent));

    const copy = stored(storage, 'ada');
    expect([...storage.data.keys()]).toEqual([queryCacheKey('ada')]);
    expect(keysOf(copy)).toHaveLength(6);
    expect(keysOf(copy)).not.toContainEqual(queryKeys.rooms.messages('r3'));
    expect(keysOf(copy)).not.toContainEqual(queryKeys.rooms.pins('r1'));
    expect(keysOf(copy)).not.toContainEqual(queryKeys.notifications.unread());
    expect(copy?.recentRoomIds).toEqual(['r1', 'r2']);

    const fresh = new QueryClient();
    const later = new RecentRooms();
    const again = createQueryCachePersister({ storage, userId: 'ada', recent: later, canWrite: () => true, throttleMs: 0 });
    await persistQueryClientRestore(options(fresh, again, later));
    expect(fresh.getQueryData(queryKeys.me())).toEqual({ id: 'ada', username: 'ada' });
    expect(fresh.getQueryData<typeof fourPages>(queryKeys.rooms.messages('r1'))?.pages.map((p) => p.messages[0]!.seq)).toEqual([151, 101]);
    expect(fresh.getQueryData(queryKeys.rooms.messages('r3'))).toBeUndefined();
    expect(later.list()).toEqual(['r1', 'r2']);
  });

  it('never hands one user’s copy to another, and removes only its own', async () => {
    const storage = memoryStorage();
    const recent = recentOf('r1');
    const ada = createQueryCachePersister({ storage, userId: 'ada', recent, canWrite: () => true, throttleMs: 0 });
    await persistQueryClientSave(options(sessionClient('ada'), ada, recent));
    const bo = createQueryCachePersister({ storage, userId: 'bo', recent: new RecentRooms(), canWrite: () => true, throttleMs: 0 });
    await persistQueryClientSave(options(sessionClient('bo'), bo, recent));

    const forBo = new QueryClient();
    await persistQueryClientRestore(options(forBo, bo, recent));
    expect(forBo.getQueryData(queryKeys.me())).toEqual({ id: 'bo', username: 'bo' });

    await bo.removeClient();
    expect([...storage.data.keys()]).toEqual([queryCacheKey('ada')]);
    const nobody = new QueryClient();
    await persistQueryClientRestore(options(nobody, bo, recent));
    expect(nobody.getQueryCache().getAll()).toEqual([]);
  });

  it('writes nothing once the session on the device is no longer the user’s (a write throttled past a logout too)', async () => {
    const storage = memoryStorage();
    const recent = recentOf('r1');
    let session: string | null = 'ada';
    const persister = createQueryCachePersister({ storage, userId: 'ada', recent, canWrite: () => session === 'ada', throttleMs: 50 });
    const qc = sessionClient();
    await persistQueryClientSave(options(qc, persister, recent));
    await new Promise((r) => setTimeout(r, 80));
    expect(storage.data.has(queryCacheKey('ada'))).toBe(true);

    await storage.write(queryCacheKey('ada'), undefined); // logging out clears the store…
    qc.setQueryData(queryKeys.rooms.joined(), []);
    const waiting = persistQueryClientSave(options(qc, persister, recent)); // …while a write waits for its turn
    session = null;
    await waiting;
    expect(storage.data.size).toBe(0);
  });

  it('drops a copy saved by another build, and one it cannot read', async () => {
    const storage = memoryStorage();
    const recent = recentOf('r1');
    const persister = createQueryCachePersister({ storage, userId: 'ada', recent, canWrite: () => true, throttleMs: 0 });
    await persistQueryClientSave(options(sessionClient(), persister, recent, 'build-1'));
    const fresh = new QueryClient();
    await persistQueryClientRestore(options(fresh, persister, recent, 'build-2'));
    expect(fresh.getQueryCache().getAll()).toEqual([]);
    expect(storage.data.size).toBe(0);

    await storage.write(queryCacheKey('ada'), '{not json');
    await persistQueryClientRestore(options(fresh, persister, recent, 'build-2'));
    expect(fresh.getQueryCache().getAll()).toEqual([]);
    expect(storage.data.size).toBe(0);
  });

  it('starts without the copy when the storage does not answer in time', async () => {
    const hanging: OfflineStorage = { read: () => new Promise(() => undefined), write: () => Promise.resolve() };
    const recent = new RecentRooms();
    const persister = createQueryCachePersister({ storage: hanging, userId: 'ada', recent, canWrite: () => true, restoreTimeoutMs: 20 });
    const started = Date.now();
    expect(await persister.restoreClient()).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
