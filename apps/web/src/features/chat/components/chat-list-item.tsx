import type { Room, User } from '@chat/contracts';
import { NavLink } from 'react-router';
import { isQuiet } from '../../../lib/notify-rules';
import { useBlockedIds } from '../../../lib/safety';
import { exactTime, listTime } from '../utils/format-time';
import { previewText, unreadBadge } from '../utils/preview';
import { BellOffIcon } from './chat-icons';
import { ConversationAvatar } from './conversation-avatar';
import './chat-list.css';

export type ChatListItemProps = {
  room: Room;
  peer?: User;
  meId: string | undefined;
  now: number;
};

/**
 * One conversation in the list: avatar (with presence for a DM), name, time, last message, unread mentions (`@2`,
 * read out as "2 mentions") and unread count. A muted room (or one set to "Nothing") is dimmed, with a crossed bell.
 */
export function ChatListItem({ room, peer, meId, now }: ChatListItemProps) {
  const at = room.lastMessage?.createdAt;
  const unread = room.unreadCount;
  const mentions = room.mentionCount;
  const quiet = isQuiet(room, now);
  // In a room, what someone I blocked wrote stays collapsed here too.
  const blockedIds = useBlockedIds();
  const blockedSender = room.kind === 'group' && room.lastMessage !== null && blockedIds.has(room.lastMessage.sender.id);
  return (
    <li>
      <NavLink
        to={`/rooms/${room.id}`}
        className={({ isActive }) =>
          `chat-item${isActive ? ' chat-item--active' : ''}${unread > 0 ? ' chat-item--unread' : ''}${quiet ? ' chat-item--quiet' : ''}`
        }
      >
        <ConversationAvatar room={room} peer={peer} />
        <span className="chat-item__body">
          <span className="chat-item__top">
            <span className="chat-item__name">{room.name}</span>
            {quiet && (
              <span className="chat-item__muted" title="Muted">
                <BellOffIcon width={14} height={14} aria-hidden="true" />
                <span className="visually-hidden">, muted</span>
              </span>
            )}
            {at && (
              <time className="chat-item__time" dateTime={at} title={exactTime(at)}>
                {listTime(at, now)}
              </time>
            )}
          </span>
          <span className="chat-item__bottom">
            <span className="chat-item__preview">{blockedSender ? 'Message from a blocked user' : previewText(room, meId)}</span>
            {mentions > 0 && (
              <span className="chat-item__badge chat-item__badge--mention">
                <span aria-hidden="true">@{unreadBadge(mentions)}</span>
                <span className="visually-hidden">
                  {' '}
                  {mentions} {mentions === 1 ? 'mention' : 'mentions'}
                </span>
              </span>
            )}
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
