/**
 * Where a message opens: its room, asked to centre on it (`?seq=`). A conversation that does not read `seq` simply
 * opens the room.
 */
export function messageUrl(message: { roomId: string; seq: number }): string {
  return `/rooms/${encodeURIComponent(message.roomId)}?seq=${message.seq}`;
}
