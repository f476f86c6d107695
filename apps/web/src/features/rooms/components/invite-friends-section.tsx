import type { Room, User } from '@chat/contracts';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { PersonRow } from '../../../components/person-row';
import { type QueryState, QueryView } from '../../../components/query-view';
import { describeError } from '../../../lib/errors';
import { useFriends } from '../../../lib/friend-queries';
import { useRoomMembers } from '../../../lib/room-queries';
import { useInviteToRoom } from '../api/invite-to-room';

/** Beyond this many candidates, a filter box helps find one. */
const FILTER_FROM = 6;

export type InviteFriendsSectionProps = {
  room: Room;
};

/** My friends who are not in the room yet, each with an Invite button (the server only accepts friends). */
export function InviteFriendsSection({ room }: InviteFriendsSectionProps) {
  const friends = useFriends();
  const members = useRoomMembers(room.id);
  const invite = useInviteToRoom(room.id);
  const [invited, setInvited] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');
  const titleId = useId();
  const filterId = useId();

  const memberIds = new Set(members.data?.map((m) => m.user.id));
  const candidates = (friends.data ?? []).filter((f) => !memberIds.has(f.id));
  const needle = filter.trim().toLocaleLowerCase();
  const shown = needle
    ? candidates.filter((f) => f.displayName.toLocaleLowerCase().includes(needle) || f.username.toLocaleLowerCase().includes(needle))
    : candidates;
  const failedName = friends.data?.find((f) => f.id === invite.variables)?.displayName ?? 'them';

  // Waits for the members too (who is in the room already is left out); only a failure of the friends' shows.
  const friendsToInvite: QueryState<User[]> = {
    isPending: friends.isPending || members.isPending,
    isError: friends.isError,
    error: friends.error,
    data: friends.data,
    refetch: friends.refetch,
  };

  const send = (userId: string) => invite.mutate(userId, { onSuccess: () => setInvited((prev) => new Set(prev).add(userId)) });

  return (
    <section className="room-panel__section" aria-labelledby={titleId}>
      <h3 className="room-panel__heading" id={titleId}>
        Invite friends
      </h3>
      {invite.isError && (
        <Alert
          action={
            <Button variant="secondary" className="btn--small" onClick={() => send(invite.variables)}>
              Try again
            </Button>
          }
        >
          Could not invite {failedName}. {describeError(invite.error)}
        </Alert>
      )}
      <QueryView
        query={friendsToInvite}
        loadingLabel="Loading friends…"
        errorText="Could not load your friends."
        smallRetry
        empty={
          <p className="room-panel__note">
            You can invite only your friends. <Link to="/search">Find people</Link> to add some first.
          </p>
        }
      >
        {() =>
          candidates.length === 0 ? (
            <p className="room-panel__note">All your friends are already in this room.</p>
          ) : (
            <>
              {candidates.length >= FILTER_FROM && (
                <div className="room-panel__filter">
                  <label htmlFor={filterId} className="visually-hidden">
                    Filter friends
                  </label>
                  <input
                    id={filterId}
                    className="input"
                    type="search"
                    placeholder="Filter friends"
                    autoComplete="off"
                    value={filter}
                    onChange={(e) => setFilter(e.target.value)}
                  />
                </div>
              )}
              {shown.length === 0 ? (
                <p className="room-panel__note">No friend matches “{filter.trim()}”.</p>
              ) : (
                <ul className="row-list" aria-label="Friends to invite">
                  {shown.map((friend) => {
                    const done = invited.has(friend.id);
                    return (
                      <PersonRow
                        key={friend.id}
                        user={friend}
                        actions={
                          <Button
                            variant={done ? 'ghost' : 'secondary'}
                            className="btn--small"
                            pending={invite.isPending && invite.variables === friend.id}
                            disabled={done}
                            onClick={() => send(friend.id)}
                            aria-label={done ? `${friend.displayName} invited` : `Invite ${friend.displayName}`}
                          >
                            {done ? 'Invited' : 'Invite'}
                          </Button>
                        }
                      />
                    );
                  })}
                </ul>
              )}
            </>
          )
        }
      </QueryView>
    </section>
  );
}
