import { Link, useParams } from 'react-router';
import { Page } from '../../../components/page';
import { useRoom } from '../../../lib/room-queries';
import { RoomDetailsPanel } from './room-details-panel';
import '../rooms.css';

/** `/rooms/:roomId/details`: the details pane as a page of its own, for phones and direct links. */
export function RoomDetailsPage() {
  const { roomId = '' } = useParams();
  const room = useRoom(roomId);
  const name = room.data?.name;

  return (
    <Page title="Room details" description={name}>
      <p className="room-details-page__back">
        <Link to={`/rooms/${roomId}`}>← Back to the conversation</Link>
      </p>
      <div className="card room-details-page__card">
        <RoomDetailsPanel roomId={roomId} />
      </div>
    </Page>
  );
}
