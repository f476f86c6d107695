import { describe, expect, it, jest } from '@jest/globals';
import { createTokenStore, type KeyValueStorage } from './token-store';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const NOW = Date.parse('2026-11-22T12:00:00Z');

describe('token store', () => {
  it('keeps the token in storage, so a reload stays logged in', () => {
    const storage = memoryStorage();
    createTokenStore({ storage, now: () => NOW }).set({ token: 't', expiresAt: '2026-12-22T12:00:00Z' });
    expect(createTokenStore({ storage, now: () => NOW }).get()).toBe('t');
  });

  it('says whose the live session is, and lets one stored without it learn it once', () => {
    const storage = memoryStorage();
    const store = createTokenStore({ storage, now: () => NOW });
    const listener = jest.fn();
    store.subscribe(listener);
    store.set({ token: 't', expiresAt: '2026-12-22T12:00:00Z', userId: 'ada' });
    expect(createTokenStore({ storage, now: () => NOW }).userId()).toBe('ada');

    storage.setItem('chat.session', JSON.stringify({ token: 'old', expiresAt: '2026-12-22T12:00:00Z' }));
    expect(store.userId()).toBeNull();
    listener.mockClear();
    store.rememberUser('bo');
    expect(store.userId()).toBe('bo');
    expect(store.get()).toBe('old');
    expect(listener).toHaveBeenCalledTimes(1);
    store.rememberUser('bo');
    expect(listener).toHaveBeenCalledTimes(1);

    store.clear();
    store.rememberUser('bo');
    expect(store.get()).toBeNull();
    expect(store.userId()).toBeNull();
    store.set({ token: 'x', expiresAt: '2026-11-22T11:59:59Z', userId: 'cy' });
    expect(store.userId()).toBeNull();
  });

  it('treats an expired token as logged out', () => {
    const storage = memoryStorage();
    const store = createTokenStore({ storage, now: () => NOW });
    store.set({ token: 't', expiresAt: '2026-11-22T11:59:59Z' });
    expect(store.get()).toBeNull();
  });

  it('treats corrupted storage as logged out instead of crashing', () => {
    const storage = memoryStorage();
    storage.setItem('chat.session', '{not json');
    expect(createTokenStore({ storage }).get()).toBeNull();
    storage.setItem('chat.session', JSON.stringify({ token: 42 }));
    expect(createTokenStore({ storage }).get()).toBeNull();
  });

  it('falls back to memory when storage throws (blocked or full)', () => {
    const throwing: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const store = createTokenStore({ storage: throwing, now: () => NOW });
    store.set({ token: 't', expiresAt: '2027-01-01T00:00:00Z' });
    expect(store.get()).toBe('t');
    store.clear();
    expect(store.get()).toBeNull();
  });

  it('tells subscribers about changes, and clear() on an empty store tells nobody', () => {
    const store = createTokenStore({ storage: memoryStorage(), now: () => NOW });
    const listener = jest.fn();
    const unsubscribe = store.subscribe(listener);
    store.clear();
    expect(listener).not.toHaveBeenCalled();
    store.set({ token: 't', expiresAt: '2027-01-01T00:00:00Z' });
    store.clear();
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    store.set({ token: 'u', expiresAt: '2027-01-01T00:00:00Z' });
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('remembers why the token went until a new one is set', () => {
    const store = createTokenStore({ storage: memoryStorage(), now: () => NOW });
    expect(store.endReason()).toBeNull();
    store.set({ token: 't', expiresAt: '2027-01-01T00:00:00Z' });
    store.clear('session-ended');
    expect(store.endReason()).toBe('session-ended');
    store.clear('logout'); // nothing left to clear: the first reason stands
    expect(store.endReason()).toBe('session-ended');
    store.set({ token: 'u', expiresAt: '2027-01-01T00:00:00Z' });
    expect(store.endReason()).toBeNull();
    store.clear();
    expect(store.endReason()).toBe('logout');
  });

  it('hears a logout in another tab through the storage event, and stops listening when nobody subscribes', () => {
    const events = new EventTarget();
    const add = jest.spyOn(events, 'addEventListener');
    const remove = jest.spyOn(events, 'removeEventListener');
    const store = createTokenStore({ storage: memoryStorage(), events: events as unknown as Window });
    const listener = jest.fn();
    const unsubscribe = store.subscribe(listener);

    const otherKey = new Event('storage') as Event & { key: string | null };
    otherKey.key = 'something.else';
    events.dispatchEvent(otherKey);
    expect(listener).not.toHaveBeenCalled();

    const ours = new Event('storage') as Event & { key: string | null };
    ours.key = 'chat.session';
    events.dispatchEvent(ours);
    expect(listener).toHaveBeenCalledTimes(1);

    unsubscribe();
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledTimes(1);
  });
});
