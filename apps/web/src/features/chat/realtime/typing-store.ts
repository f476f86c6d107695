/** How long someone shows as typing after their last `typing: true` (the server ends it by itself after 6 s). */
export const TYPING_EXPIRES_MS = 6_000;

const NOBODY: readonly string[] = Object.freeze([]);

/**
 * Who is typing in each room, from the socket's `typing` events: an entry expires on its own after 6 s, ends with
 * `typing: false`, or with a message from that person. Snapshots are stable arrays for `useSyncExternalStore`.
 */
export class TypingStore {
  private readonly timers = new Map<string, Map<string, ReturnType<typeof setTimeout>>>();
  private readonly snapshots = new Map<string, readonly string[]>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly expiresMs = TYPING_EXPIRES_MS) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** User ids typing in the room, in the order they started. */
  typing(roomId: string): readonly string[] {
    return this.snapshots.get(roomId) ?? NOBODY;
  }

  set(roomId: string, userId: string, typing: boolean): void {
    let room = this.timers.get(roomId);
    const existing = room?.get(userId);
    if (existing) clearTimeout(existing);
    if (!typing) {
      if (!existing) return;
      room!.delete(userId);
      this.changed(roomId);
      return;
    }
    if (!room) {
      room = new Map();
      this.timers.set(roomId, room);
    }
    room.set(
      userId,
      setTimeout(() => this.set(roomId, userId, false), this.expiresMs),
    );
    if (!existing) this.changed(roomId);
  }

  /** Everyone stops (a lost connection: their `false` may never arrive). */
  reset(): void {
    for (const room of this.timers.values()) for (const timer of room.values()) clearTimeout(timer);
    this.timers.clear();
    if (this.snapshots.size === 0) return;
    this.snapshots.clear();
    this.listeners.forEach((l) => l());
  }

  private changed(roomId: string): void {
    const ids = [...(this.timers.get(roomId)?.keys() ?? [])];
    if (ids.length === 0) {
      this.timers.delete(roomId);
      this.snapshots.delete(roomId);
    } else {
      this.snapshots.set(roomId, ids);
    }
    this.listeners.forEach((l) => l());
  }
}
