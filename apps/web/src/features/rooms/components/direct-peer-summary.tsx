import type { Room } from '@chat/contracts';
import { Link } from 'react-router';
import { Avatar } from '../../../components/avatar';
import { QueryView } from '../../../components/query-view';
import { presenceLabel } from '../../../lib/presence';
import { useRoomMembers } from '../../../lib/room-queries';

export type DirectPeerSummaryProps = {
  room: Room;
  meId: string;
};

/** A direct conversation has no settings: the pane shows who it is with. */
export function DirectPeerSummary({ room, meId }: DirectPeerSummaryProps) {
  const members = useRoomMembers(room.id);
  return (
    <QueryView query={members} loadingLabel="Loading…" errorText="Could not load who this conversation is with." smallRetry>
      {(data) => {
        const peer = data.find((m) => m.user.id !== meId)?.user;
        if (!peer) return <p className="room-panel__note">The other person has deleted their account.</p>;
        return (
          <section className="room-panel__section peer" aria-labelledby={`peer-${peer.id}`}>
            <Avatar user={peer} size="large" showPresence />
            <h2 className="peer__name" id={`peer-${peer.id}`}>
              {peer.displayName}
            </h2>
            <p className="peer__username">@{peer.username}</p>
            <p className={`presence${peer.online ? ' presence--online' : ''}`}>{presenceLabel(peer)}</p>
            {peer.bio && <p className="peer__bio">{peer.bio}</p>}
            <Link to={`/users/${peer.id}`} className="btn btn--secondary btn--small peer__profile">
              <span>View profile</span>
            </Link>
          </section>
        );
      }}
    </QueryView>
  );
}
