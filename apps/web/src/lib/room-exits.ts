/**
 * Rooms this tab is about to leave or delete itself. The server's `room:removed` says only which room ({ roomId }),
 * the same for a kick and for a deletion, and it reaches the person who deleted the room (or left it as its last
 * member, which deletes it) too; what this tab asked for is noted here so that person is not told they were removed.
 */
export type RoomExit = 'left' | 'deleted';

const FORGET_AFTER_MS = 60_000;
const exits = new Map<string, RoomExit>();

export function expectRoomExit(roomId: string, how: RoomExit): void {
  exits.set(roomId, how);
  setTimeout(() => {
    if (exits.get(roomId) === how) exits.delete(roomId);
  }, FORGET_AFTER_MS);
}

/** What this tab did to the room, if anything (asked once: the note is gone after). */
export function takeRoomExit(roomId: string): RoomExit | null {
  const how = exits.get(roomId) ?? null;
  exits.delete(roomId);
  return how;
}

/** The toast after `room:removed`, or null when the person left on their own. */
export function roomRemovedNotice(name: string | null, own: RoomExit | null): string | null {
  if (own === 'left') return null;
  if (own === 'deleted') return name ? `${name} was deleted` : 'The room was deleted';
  return `You were removed from ${name ?? 'a conversation'}`;
}
