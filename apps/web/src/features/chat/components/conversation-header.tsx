import type { Room, User } from '@chat/contracts';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { presenceLabel } from '../../../lib/presence';
import { PHONE_QUERY, useMediaQuery } from '../hooks/use-media-query';
import { ArrowLeftIcon, InfoIcon } from './chat-icons';
import { ConversationAvatar } from './conversation-avatar';
import { PeerMenu } from './peer-menu';
import './conversation.css';

export type ConversationHeaderProps = {
  room: Room;
  peer: User | undefined;
  now: number;
  detailsOpen: boolean;
  /** Without it there is no details button (a room you are not in). */
  onToggleDetails?: () => void;
  /** Buttons before the details button (the pinned messages). */
  tools?: ReactNode;
};

/**
 * Who you are talking to: the room and its member count, or the other person and their presence. On a phone: the way
 * back to the list, and the details as a page of their own.
 */
export function ConversationHeader({ room, peer, now, detailsOpen, onToggleDetails, tools }: ConversationHeaderProps) {
  const phone = useMediaQuery(PHONE_QUERY);
  const direct = room.kind === 'direct';
  const sub = direct
    ? peer
      ? presenceLabel(peer, now)
      : 'Direct message'
    : `${room.memberCount} ${room.memberCount === 1 ? 'member' : 'members'}`;
  return (
    <header className="conv-header">
      {phone && (
        <Link to="/" className="icon-btn conv-header__back" aria-label="Back to conversations">
          <ArrowLeftIcon />
        </Link>
      )}
      <ConversationAvatar room={room} peer={peer} size="small" />
      <div className="conv-header__text">
        <h1 className="conv-header__title" id="conversation-title">
          {room.name}
        </h1>
        <p className={`conv-header__sub${direct && peer?.online ? ' conv-header__sub--online' : ''}`}>{sub}</p>
      </div>
      {direct && peer && <PeerMenu peer={peer} />}
      {tools}
      {!onToggleDetails ? null : phone ? (
        <Link to={`/rooms/${room.id}/details`} className="icon-btn" aria-label={direct ? 'Profile and details' : 'Room details'}>
          <InfoIcon />
        </Link>
      ) : (
        <button
          type="button"
          className={`icon-btn${detailsOpen ? ' icon-btn--active' : ''}`}
          aria-label={detailsOpen ? 'Hide details' : 'Show details'}
          aria-expanded={detailsOpen}
          aria-controls="conversation-details"
          onClick={onToggleDetails}
        >
          <InfoIcon />
        </button>
      )}
    </header>
  );
}
