import type { OfflineStorage } from '../offline-store';

/** Storage in memory, as IndexedDB keeps it: values cloned in and out (for tests). */
export function memoryStorage(initial: Record<string, unknown> = {}): OfflineStorage & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial).map(([k, v]) => [k, structuredClone(v)]));
  return {
    data,
    read: <T>(key: string) => Promise.resolve(structuredClone(data.get(key)) as T | undefined),
    write: (key, value) => {
      if (value === undefined) data.delete(key);
      else data.set(key, structuredClone(value));
      return Promise.resolve();
    },
  };
}
