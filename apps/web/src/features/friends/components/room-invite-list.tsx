import type { Invite } from '@chat/contracts';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { RoomRow } from '../../../components/room-row';
import { formatRelative } from '../../../lib/dates';
import { describeError } from '../../../lib/errors';
import { useAcceptInvite, useRejectInvite } from '../api/invites';

export type RoomInviteListProps = {
  invites: Invite[];
  labelledBy: string;
  /** A heading rendered above the list, only while it has rows. */
  heading?: ReactNode;
};

/**
 * Invitations to rooms: joining accepts and opens the room; declining removes the invite. Stays mounted when the last
 * invite goes, so the room still opens once the join succeeds.
 */
export function RoomInviteList({ invites, labelledBy, heading }: RoomInviteListProps) {
  const accept = useAcceptInvite();
  const reject = useRejectInvite();
  const navigate = useNavigate();
  const roomName = (id: string | undefined) => invites.find((i) => i.id === id)?.room.name ?? 'the room';

  return (
    <>
      {accept.isError && (
        <Alert
          action={
            <Button variant="secondary" className="btn--small" onClick={() => accept.mutate(accept.variables)}>
              Try again
            </Button>
          }
        >
          Could not join {roomName(accept.variables)}. {describeError(accept.error)}
        </Alert>
      )}
      {reject.isError && (
        <Alert
          action={
            <Button variant="secondary" className="btn--small" onClick={() => reject.mutate(reject.variables)}>
              Try again
            </Button>
          }
        >
          Could not decline the invite to {roomName(reject.variables)}. {describeError(reject.error)}
        </Alert>
      )}
      {invites.length > 0 && heading}
      {invites.length > 0 && (
        <ul className="row-list" aria-labelledby={labelledBy}>
          {invites.map((invite) => {
            const joining = accept.isPending && accept.variables === invite.id;
            const declining = reject.isPending && reject.variables === invite.id;
            return (
              <RoomRow
                key={invite.id}
                room={invite.room}
                meta={
                  <>
                    invited by {invite.from.displayName} {formatRelative(invite.createdAt)}
                  </>
                }
                actions={
                  <>
                    <Button
                      className="btn--small"
                      pending={joining}
                      disabled={declining}
                      onClick={() => accept.mutate(invite.id, { onSuccess: (room) => navigate(`/rooms/${room.id}`) })}
                      aria-label={`Join ${invite.room.name}`}
                    >
                      Join
                    </Button>
                    <Button
                      variant="secondary"
                      className="btn--small"
                      pending={declining}
                      disabled={joining}
                      onClick={() => reject.mutate(invite.id)}
                      aria-label={`Decline the invite to ${invite.room.name}`}
                    >
                      Decline
                    </Button>
                  </>
                }
              />
            );
          })}
        </ul>
      )}
    </>
  );
}
