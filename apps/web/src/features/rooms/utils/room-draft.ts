import type { Room, RoomVisibility } from '@chat/contracts';
import type { UpdateRoomInput } from '../api/update-room';

/** What the room settings form edits, as its inputs hold it. */
export interface RoomDraft {
  name: string;
  description: string;
  visibility: RoomVisibility;
}

export function roomDraftFrom(room: Pick<Room, 'name' | 'description' | 'visibility'>): RoomDraft {
  return { name: room.name, description: room.description, visibility: room.visibility };
}

/** The PATCH body for what changed, compared as the server stores text (trimmed); empty when nothing did. */
export function roomPatch(room: Pick<Room, 'name' | 'description' | 'visibility'>, draft: RoomDraft): UpdateRoomInput {
  const patch: UpdateRoomInput = {};
  if (draft.name.trim() !== room.name) patch.name = draft.name;
  if (draft.description.trim() !== room.description) patch.description = draft.description;
  if (draft.visibility !== room.visibility) patch.visibility = draft.visibility;
  return patch;
}
