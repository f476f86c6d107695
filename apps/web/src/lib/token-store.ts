/** Where the session token lives: localStorage, so a reload or a new tab stays logged in. */

export interface StoredSession {
  token: string;
  /** ISO-8601 time after which the server refuses the token anyway. */
  expiresAt: string;
  /**
   * Whose session it is: what this device keeps of that user (the offline copy of their rooms) is read only for them.
   * Missing from sessions stored before it was recorded, until the app learns it (`rememberUser`).
   */
  userId?: string;
}

/**
 * Why the token was removed: the person logged out, the server refused it (revoked elsewhere, expired), or the person
 * deleted their account.
 */
export type EndReason = 'logout' | 'session-ended' | 'account-deleted';

export interface TokenStore {
  /** The token, or null when there is none or it has expired. Stable between calls (a `useSyncExternalStore` snapshot). */
  get(): string | null;
  /** The id of the user whose live token it is, when recorded; null without a live token. */
  userId(): string | null;
  set(session: StoredSession): void;
  /** Records whose the current session is (learnt from `GET /users/me` for a session stored without it). */
  rememberUser(userId: string): void;
  clear(reason?: EndReason): void;
  /** Why this tab last lost its token, until a new one is set; null when it never had one here. */
  endReason(): EndReason | null;
  /** Calls `listener` whenever the token changes, in this tab or (through the `storage` event) in another one. */
  subscribe(listener: () => void): () => void;
}

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface TokenStoreOptions {
  /** null where storage is unavailable (private mode, tests): the token then lives in memory only. */
  storage: KeyValueStorage | null;
  key?: string;
  now?: () => number;
  /** Source of `storage` events from other tabs. */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
}

export const TOKEN_STORAGE_KEY = 'chat.session';

function parse(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as StoredSession).token === 'string' &&
      typeof (value as StoredSession).expiresAt === 'string' &&
      ((value as StoredSession).userId === undefined || typeof (value as StoredSession).userId === 'string')
    ) {
      return value as StoredSession;
    }
  } catch {
    /* not ours, or corrupted: treated as logged out */
  }
  return null;
}

export function createTokenStore({ storage, key = TOKEN_STORAGE_KEY, now = Date.now, events }: TokenStoreOptions): TokenStore {
  const listeners = new Set<() => void>();
  let memory: string | null = null;
  let ended: EndReason | null = null;

  const read = (): string | null => {
    try {
      return storage ? storage.getItem(key) : memory;
    } catch {
      return memory;
    }
  };
  const write = (value: string | null): void => {
    memory = value;
    try {
      if (!storage) return;
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, value);
    } catch {
      /* storage full or blocked: the in-memory copy still serves this tab */
    }
  };
  const notify = (): void => listeners.forEach((l) => l());
  const live = (): StoredSession | null => {
    const session = parse(read());
    if (!session) return null;
    const expires = Date.parse(session.expiresAt);
    if (Number.isNaN(expires) || expires <= now()) return null;
    return session;
  };

  const onStorage = (event: Event): void => {
    if ((event as StorageEvent).key === key || (event as StorageEvent).key === null) notify();
  };

  return {
    get() {
      return live()?.token ?? null;
    },
    userId() {
      return live()?.userId ?? null;
    },
    set(session) {
      ended = null;
      write(JSON.stringify(session));
      notify();
    },
    rememberUser(userId) {
      const session = live();
      if (!session || session.userId === userId) return;
      write(JSON.stringify({ ...session, userId }));
      notify();
    },
    clear(reason = 'logout') {
      const had = read() !== null;
      if (had) ended = reason;
      write(null);
      if (had) notify();
    },
    endReason() {
      return ended;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) events?.addEventListener('storage', onStorage);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) events?.removeEventListener('storage', onStorage);
      };
    },
  };
}

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null;
  }
}

/** The app's one token store. */
export const tokenStore = createTokenStore({
  storage: browserStorage(),
  events: typeof window !== 'undefined' ? window : undefined,
});
