import { Navigate, useParams } from 'react-router';
import { ConversationView } from '../features/chat/components/conversation-view';
import { RoomDetailsPanel } from '../features/rooms/components/room-details-panel';
import { JoinRoomButton } from './join-room-button';

/** `/rooms/:roomId`: the conversation, with the rooms feature's details pane beside it. */
export function ConversationRoute() {
  const { roomId = '' } = useParams();
  return (
    <ConversationView
      key={roomId}
      roomId={roomId}
      renderDetails={(room) => <RoomDetailsPanel roomId={room.id} />}
      renderJoin={(room) => <JoinRoomButton roomId={room.id} />}
    />
  );
}

/** `/rooms/:roomId/messages/:seq`, a message's permalink: the conversation opened centred on that message. */
export function MessageLinkRedirect() {
  const { roomId = '', seq = '' } = useParams();
  const n = Number(seq);
  const target = Number.isSafeInteger(n) && n > 0 ? `/rooms/${roomId}?seq=${n}` : `/rooms/${roomId}`;
  return <Navigate to={target} replace />;
}
