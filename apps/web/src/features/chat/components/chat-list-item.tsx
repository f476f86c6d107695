import type { Room, User } from '@chat/contracts';
import { NavLink } from 'react-router';
import { useBlockedIds } from '../../../lib/safety';
import { exactTime, listTime } from '../utils/format-time';
import { previewText, unreadBadge } from '../utils/preview';
import { ConversationAvatar } from './conversation-avatar';
import './chat-list.css';

export type ChatListItemProps = {
  room: Room;
  peer?: User;
  meId: string | undefined;
  now: number;
};

/** One conversation in the list: avatar (with presence for a DM), name, time, last message, unread count. */
export function ChatListItem({ room, peer, meId, now }: ChatListItemProps) {
  const at = room.lastMessage?.createdAt;
  const unread = room.unreadCount;
  // In a room, what someone I blocked wrote stays collapsed here too.
  const blockedIds = useBlockedIds();
  const blockedSender = room.kind === 'group' && room.lastMessage !== null && blockedIds.has(room.lastMessage.sender.id);
  return (
    <li>
      <NavLink
        to={`/rooms/${room.id}`}
        className={({ isActive }) => `chat-item${isActive ? ' chat-item--active' : ''}${unread > 0 ? ' chat-item--unread' : ''}`}
      >
        <ConversationAvatar room={room} peer={peer} />
        <span className="chat-item__body">
          <span className="chat-item__top">
            <span className="chat-item__name">{room.name}</span>
            {at && (
              <time className="chat-item__time" dateTime={at} title={exactTime(at)}>
                {listTime(at, now)}
              </time>
            )}
          </span>
          <span className="chat-item__bottom">
            <span className="chat-item__preview">{blockedSender ? 'Message from a blocked user' : previewText(room, meId)}</span>
            {unread > 0 && (
              <span className="chat-item__badge">
                {unreadBadge(unread)}
                <span className="visually-hidden"> unread {unread === 1 ? 'message' : 'messages'}</span>
              </span>
            )}
          </span>
        </span>
      </NavLink>
    </li>
  );
}
