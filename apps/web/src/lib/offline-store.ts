import { clear, createStore, del, get, set, type UseStore } from 'idb-keyval';

/**
 * What must survive a reload while offline (the outbox, drafts), in IndexedDB through `idb-keyval`: one small
 * key-value store, keys prefixed with the user's id. Where IndexedDB is missing or refuses (some private modes), reads
 * find nothing and writes are dropped: the app then works as before, for the page's life only.
 */
export interface OfflineStorage {
  read<T>(key: string): Promise<T | undefined>;
  /** `undefined` deletes the key. */
  write(key: string, value: unknown): Promise<void>;
}

let store: UseStore | null | undefined;

function db(): UseStore | null {
  if (store === undefined) store = typeof indexedDB === 'undefined' ? null : createStore('chat-offline', 'kv');
  return store;
}

export const offlineStorage: OfflineStorage = {
  async read<T>(key: string): Promise<T | undefined> {
    const s = db();
    if (!s) return undefined;
    try {
      return await get<T>(key, s);
    } catch {
      return undefined;
    }
  },
  async write(key: string, value: unknown): Promise<void> {
    const s = db();
    if (!s) return;
    try {
      if (value === undefined) await del(key, s);
      else await set(key, value, s);
    } catch {
      /* quota or a private mode: kept for this page only */
    }
  },
};

/** Logging out: nothing of this user stays on the device. */
export async function clearOfflineStorage(): Promise<void> {
  const s = db();
  if (!s) return;
  try {
    await clear(s);
  } catch {
    /* nothing stored */
  }
}
