import type { ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Page } from '../../../components/page';
import { QueryView } from '../../../components/query-view';
import { RoomAvatar } from '../../../components/room-row';
import { isApiError } from '../../../lib/api-client';
import { describeError } from '../../../lib/errors';
import { useJoinByInvite, useRoomInvite } from '../api/room-invite-links';
import '../rooms.css';

/** Why a code leads nowhere, in words: unknown, or no longer valid (revoked, expired, used up). */
function invalidLink(error: unknown): ReactNode | undefined {
  const code = isApiError(error) ? error.code : null;
  if (code === 'NOT_FOUND' || code === 'VALIDATION_FAILED') {
    return (
      <Alert title="No such invite link">
        Check that you copied the whole link, or ask for a new one. <Link to="/rooms/discover">Browse public rooms</Link>
      </Alert>
    );
  }
  if (code === 'FORBIDDEN') {
    return (
      <Alert title="This invite link no longer works">
        It was revoked, it expired, or it has been used as many times as it allows. Ask whoever shared it for a new one.
      </Alert>
    );
  }
  return undefined;
}

/**
 * `/room-invites/:code`, the page a room invite link opens (the `url` the API gives each link): the room's card and a
 * Join button. Someone logged out is sent to log in first and brought back here (RequireAuth's `next`).
 */
export function RoomInvitePage() {
  const { code = '' } = useParams();
  const invite = useRoomInvite(code);
  const join = useJoinByInvite();
  const navigate = useNavigate();
  const banned = isApiError(join.error) && join.error.code === 'FORBIDDEN' && /banned/i.test(join.error.message);

  return (
    <Page title={invite.data ? `Join ${invite.data.room.name}` : 'Room invite'}>
      <QueryView query={invite} loadingLabel="Loading the invite…" errorText="Could not load this invite." renderError={invalidLink}>
        {({ room }) => (
          <section className="card room-invite" aria-labelledby="room-invite-name">
            <RoomAvatar room={room} size="large" />
            <p className="muted">You are invited to join</p>
            <h2 className="room-invite__name" id="room-invite-name">
              {room.name}
            </h2>
            {room.description && <p className="room-invite__description">{room.description}</p>}
            <p className="room-invite__facts">
              {room.memberCount} {room.memberCount === 1 ? 'member' : 'members'}
            </p>
            {join.isError &&
              (banned ? (
                <Alert title="You are banned from this room">You cannot join it until the ban ends or a room admin lifts it.</Alert>
              ) : isApiError(join.error) && join.error.code === 'FORBIDDEN' ? (
                <Alert title="This invite link no longer works">{describeError(join.error)} Ask whoever shared it for a new one.</Alert>
              ) : (
                <Alert>Could not join the room. {describeError(join.error)}</Alert>
              ))}
            <Button
              pending={join.isPending}
              disabled={banned}
              onClick={() => join.mutate(code, { onSuccess: (joined) => navigate(`/rooms/${joined.id}`, { replace: true }) })}
            >
              Join room
            </Button>
          </section>
        )}
      </QueryView>
    </Page>
  );
}
