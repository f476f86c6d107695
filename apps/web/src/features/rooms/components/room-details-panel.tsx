import type { Room } from '@chat/contracts';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { combineQueries, QueryView } from '../../../components/query-view';
import { RoomAvatar, VisibilityBadge } from '../../../components/room-row';
import { PictureImg } from '../../../components/picture-img';
import { isApiError } from '../../../lib/api-client';
import { useMe } from '../../../lib/auth';
import { describeError } from '../../../lib/errors';
import { useRoom } from '../../../lib/room-queries';
import { useJoinRoom } from '../api/join-room';
import { roomAbilities } from '../utils/room-permissions';
import { DirectPeerSummary } from './direct-peer-summary';
import { InviteFriendsSection } from './invite-friends-section';
import { RoomBansSection } from './room-bans-section';
import { RoomExitSection } from './room-exit-section';
import { RoomInviteLinksSection } from './room-invite-links-section';
import { RoomMembersSection } from './room-members-section';
import { RoomSettingsForm } from './room-settings-form';
import '../rooms.css';

type GroupRoomDetailsProps = { room: Room; meId: string };

function GroupRoomDetails({ room, meId }: GroupRoomDetailsProps) {
  const [editing, setEditing] = useState(false);
  const join = useJoinRoom();
  const navigate = useNavigate();
  const abilities = roomAbilities(room);
  const member = room.myRole !== null;

  return (
    <>
      <section className="room-panel__section" aria-labelledby={`room-${room.id}-name`}>
        {editing && abilities.edit ? (
          <>
            <h2 className="room-panel__heading" id={`room-${room.id}-name`}>
              Edit room
            </h2>
            <RoomSettingsForm room={room} onDone={() => setEditing(false)} />
          </>
        ) : (
          <>
            {room.coverUrl && (
              <div className="room-panel__cover cover-image-host">
                <PictureImg url={room.coverUrl} className="cover-image" />
              </div>
            )}
            <div className="room-panel__identity">
              <RoomAvatar room={room} size="large" />
              <div className="room-panel__identity-text">
                <h2 className="room-panel__name" id={`room-${room.id}-name`}>
                  {room.name}
                </h2>
                <p className="room-panel__facts">
                  <VisibilityBadge visibility={room.visibility} />
                  <span>
                    {room.memberCount} {room.memberCount === 1 ? 'member' : 'members'}
                  </span>
                </p>
              </div>
            </div>
            {room.description ? (
              <p className="room-panel__description">{room.description}</p>
            ) : (
              <p className="room-panel__description muted">No description.</p>
            )}
            {abilities.edit && (
              <div>
                <Button variant="secondary" className="btn--small" onClick={() => setEditing(true)}>
                  Edit room
                </Button>
              </div>
            )}
          </>
        )}
      </section>

      {member ? (
        <>
          <RoomMembersSection room={room} meId={meId} />
          {abilities.invite ? (
            <InviteFriendsSection room={room} />
          ) : (
            <section className="room-panel__section">
              <p className="room-panel__note">Only admins and owners can invite people to this private room.</p>
            </section>
          )}
          {abilities.edit && (
            <>
              <RoomInviteLinksSection room={room} />
              <RoomBansSection room={room} />
            </>
          )}
          <RoomExitSection room={room} abilities={abilities} />
        </>
      ) : (
        <section className="room-panel__section">
          {join.isError && <Alert>Could not join the room. {describeError(join.error)}</Alert>}
          <p className="room-panel__note">You are not a member of this room.</p>
          <div>
            <Button
              className="btn--small"
              pending={join.isPending}
              onClick={() => join.mutate(room.id, { onSuccess: (joined) => navigate(`/rooms/${joined.id}`) })}
            >
              Join room
            </Button>
          </div>
        </section>
      )}
    </>
  );
}

export type RoomDetailsPanelProps = {
  roomId: string;
};

/**
 * The details pane of a conversation. A group room: its name, visibility and description (editable by admins and
 * owners), members with roles and presence (owners change roles, admins and owners remove and ban), inviting friends,
 * invite links and bans (admins and owners), leaving and deleting. A direct conversation: the other person's profile summary, no tools.
 */
export function RoomDetailsPanel({ roomId }: RoomDetailsPanelProps) {
  const room = useRoom(roomId);
  const me = useMe();
  const missing =
    isApiError(room.error) &&
    (room.error.code === 'NOT_FOUND' || room.error.code === 'VALIDATION_FAILED' || room.error.code === 'FORBIDDEN');

  return (
    <div className="room-panel">
      <QueryView
        query={combineQueries(room, me)}
        loadingLabel="Loading the room…"
        renderError={() =>
          missing ? (
            <Alert title="Room not available">
              It may have been deleted, or you are no longer a member. <Link to="/rooms/discover">Browse public rooms</Link>.
            </Alert>
          ) : undefined
        }
        errorText="Could not load the room details."
        smallRetry
      >
        {([roomData, meData]) =>
          roomData.kind === 'direct' ? (
            <DirectPeerSummary room={roomData} meId={meData.id} />
          ) : (
            <GroupRoomDetails room={roomData} meId={meData.id} />
          )
        }
      </QueryView>
    </div>
  );
}
