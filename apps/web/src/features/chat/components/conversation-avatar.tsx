import type { Room, User } from '@chat/contracts';
import { Avatar } from '../../../components/avatar';
import { RoomAvatar as GroupAvatar } from '../../../components/room-row';

export type ConversationAvatarProps = {
  room: Pick<Room, 'id' | 'kind' | 'name'> & { avatarUrl?: string | null };
  /** The other person of a direct room, when known: their avatar and presence dot. */
  peer?: User;
  size?: 'small' | 'medium';
};

/** A direct room shows the other person (with presence); a group room its rounded mark. */
export function ConversationAvatar({ room, peer, size = 'medium' }: ConversationAvatarProps) {
  if (room.kind === 'group') return <GroupAvatar room={room} size={size} />;
  const user = peer ?? { id: room.id, displayName: room.name, username: room.name, online: false, avatarUrl: room.avatarUrl };
  return <Avatar user={user} size={size} showPresence={peer !== undefined} />;
}
