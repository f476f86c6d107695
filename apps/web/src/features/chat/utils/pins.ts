import type { Message, Room } from '@chat/contracts';

/** Who may pin and unpin in a room: admins and owners of a group, either member of a direct room. */
export function canPinIn(room: Pick<Room, 'kind' | 'myRole'>): boolean {
  if (room.myRole === null) return false;
  return room.kind === 'direct' || room.myRole === 'admin' || room.myRole === 'owner';
}

/** Newest pin first, as `GET /rooms/:id/pins` answers (ties by seq, newest first). */
function byPinnedAtDesc(a: Message, b: Message): number {
  const at = Date.parse(b.pinnedAt ?? '') - Date.parse(a.pinnedAt ?? '');
  return at !== 0 && !Number.isNaN(at) ? at : b.seq - a.seq;
}

/**
 * A message as `message:updated` (or a pin of ours) tells it: pinned and live, it is in the list at its place (an edit
 * of a pinned message replaces its copy); unpinned or deleted, it leaves the list. Answers `pins` itself when nothing
 * changes.
 */
export function applyPinnedMessage(pins: readonly Message[], message: Message): Message[] {
  const index = pins.findIndex((m) => m.id === message.id);
  const pinned = message.pinnedAt !== null && message.deletedAt === null;
  if (!pinned) return index === -1 ? (pins as Message[]) : pins.filter((m) => m.id !== message.id);
  if (index !== -1 && pins[index] === message) return pins as Message[];
  const rest = index === -1 ? [...pins] : pins.filter((m) => m.id !== message.id);
  return [...rest, message].sort(byPinnedAtDesc);
}

/** A deleted message is no longer pinned. */
export function removePinned(pins: readonly Message[], id: string): Message[] {
  return pins.some((m) => m.id === id) ? pins.filter((m) => m.id !== id) : (pins as Message[]);
}

/** The pinned copy of a message changed by `change` (a reaction); `pins` itself when it is not there or unchanged. */
export function patchPinned(pins: readonly Message[], id: string, change: (message: Message) => Message): Message[] {
  const index = pins.findIndex((m) => m.id === id);
  if (index === -1) return pins as Message[];
  const next = change(pins[index]!);
  return next === pins[index] ? (pins as Message[]) : pins.map((m, i) => (i === index ? next : m));
}
