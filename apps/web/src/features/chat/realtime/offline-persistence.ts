import type { OfflineStorage } from '../../../lib/offline-store';
import type { Outbox, OutboxEntry } from './outbox';

/** The keys of one user's offline state. */
export const outboxKey = (userId: string) => `outbox:${userId}`;
export const draftsKey = (userId: string) => `drafts:${userId}`;

function isEntry(value: unknown): value is OutboxEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Partial<OutboxEntry>;
  return (
    typeof e.clientId === 'string' &&
    typeof e.roomId === 'string' &&
    typeof e.body === 'string' &&
    typeof e.createdAt === 'string' &&
    Array.isArray(e.attachments) &&
    (e.status === 'queued' || e.status === 'sending' || e.status === 'failed')
  );
}

/**
 * Keeps the user's outbox in storage: what an earlier page left is put back (and sent with its clientIds), then
 * every change is written. Returns the end of the writing.
 */
export async function persistOutbox(outbox: Outbox, userId: string, storage: OfflineStorage): Promise<() => void> {
  const saved = await storage.read<unknown>(outboxKey(userId));
  outbox.restore(Array.isArray(saved) ? saved.filter(isEntry) : []);
  const write = () => {
    const entries = outbox.entries();
    void storage.write(outboxKey(userId), entries.length > 0 ? entries : undefined);
  };
  write();
  return outbox.subscribe(write);
}

/**
 * Drafts per room, for the composer: read synchronously from memory, loaded from storage once per session and
 * written through (a little later, typing writes often).
 */
export class DraftStore {
  private drafts = new Map<string, string>();
  private readonly listeners = new Set<() => void>();
  private target: { userId: string; storage: OfflineStorage } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  get(roomId: string): string {
    return this.drafts.get(roomId) ?? '';
  }

  set(roomId: string, text: string): void {
    if (this.get(roomId) === text) return;
    if (text === '') this.drafts.delete(roomId);
    else this.drafts.set(roomId, text);
    this.scheduleWrite();
  }

  /** Loads the user's drafts (a draft typed meanwhile wins) and writes changes from now on. */
  async load(userId: string, storage: OfflineStorage): Promise<void> {
    const saved = await storage.read<unknown>(draftsKey(userId));
    if (saved && typeof saved === 'object') {
      for (const [roomId, text] of Object.entries(saved as Record<string, unknown>)) {
        if (typeof text === 'string' && text !== '' && !this.drafts.has(roomId)) this.drafts.set(roomId, text);
      }
    }
    this.target = { userId, storage };
    if (this.drafts.size > 0) this.scheduleWrite();
    this.listeners.forEach((l) => l());
  }

  /** Stops writing (logged out); what is in memory goes. */
  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.target = null;
    this.drafts = new Map();
  }

  /** Called once the stored drafts are in memory. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Writes now what waits to be written (a test, or the page going away). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.target) return Promise.resolve();
    const { userId, storage } = this.target;
    return storage.write(draftsKey(userId), this.drafts.size > 0 ? Object.fromEntries(this.drafts) : undefined);
  }

  private scheduleWrite(): void {
    if (!this.target || this.timer) return;
    this.timer = setTimeout(() => void this.flush(), 150);
  }
}

/** The app's drafts (one session at a time). */
export const draftStore = new DraftStore();
