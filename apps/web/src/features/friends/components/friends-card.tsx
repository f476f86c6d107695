import type { User } from '@chat/contracts';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { PersonRow } from '../../../components/person-row';
import { QueryView } from '../../../components/query-view';
import { describeError } from '../../../lib/errors';
import { useFriends } from '../../../lib/friend-queries';
import { useOpenDirectRoom } from '../api/open-direct-room';
import { useUnfriend } from '../api/unfriend';

/** Online friends first, each group in the server's order (by name). */
function onlineFirst(friends: User[]): User[] {
  return [...friends].sort((a, b) => Number(b.online) - Number(a.online));
}

/** My friends with their presence: open a conversation, or unfriend after a confirmation. */
export function FriendsCard() {
  const friends = useFriends();
  const openDm = useOpenDirectRoom();
  const unfriend = useUnfriend();
  const navigate = useNavigate();
  const [leaving, setLeaving] = useState<User | null>(null);
  const dmTarget = friends.data?.find((f) => f.id === openDm.variables);

  const message = (user: User) => openDm.mutate(user.id, { onSuccess: (room) => navigate(`/rooms/${room.id}`) });

  const closeConfirm = () => {
    setLeaving(null);
    unfriend.reset();
  };

  return (
    <section className="card" aria-labelledby="friends-title">
      <div className="card__head">
        <h2 className="card__title" id="friends-title">
          Your friends
          {friends.data && friends.data.length > 0 && <span className="count-badge">{friends.data.length}</span>}
        </h2>
        <Link to="/search" className="btn btn--secondary btn--small">
          <span>Find people</span>
        </Link>
      </div>
      {openDm.isError && (
        <Alert>
          Could not open the conversation{dmTarget ? ` with ${dmTarget.displayName}` : ''}. {describeError(openDm.error)}
        </Alert>
      )}
      <QueryView
        query={friends}
        loadingLabel="Loading friends…"
        errorText="Could not load your friends."
        smallRetry
        empty={
          <p className="card__empty">
            No friends yet — <Link to="/search">search people</Link> to add some.
          </p>
        }
      >
        {(data) => (
          <ul className="row-list" aria-labelledby="friends-title">
            {onlineFirst(data).map((friend) => (
              <PersonRow
                key={friend.id}
                user={friend}
                actions={
                  <>
                    <Button
                      className="btn--small"
                      pending={openDm.isPending && openDm.variables === friend.id}
                      onClick={() => message(friend)}
                      aria-label={`Message ${friend.displayName}`}
                    >
                      Message
                    </Button>
                    <Button
                      variant="ghost"
                      className="btn--small"
                      onClick={() => setLeaving(friend)}
                      aria-label={`Unfriend ${friend.displayName}`}
                    >
                      Unfriend
                    </Button>
                  </>
                }
              />
            ))}
          </ul>
        )}
      </QueryView>
      <ConfirmDialog
        open={leaving !== null}
        title={`Unfriend ${leaving?.displayName ?? ''}?`}
        confirmLabel="Unfriend"
        pending={unfriend.isPending}
        error={unfriend.isError ? `Could not unfriend. ${describeError(unfriend.error)}` : null}
        onClose={closeConfirm}
        onConfirm={() => leaving && unfriend.mutate(leaving.id, { onSuccess: closeConfirm })}
      >
        <p>
          You will no longer be friends. Your conversation stays readable, but new messages need you to be friends again (or their settings
          to accept messages from everyone).
        </p>
      </ConfirmDialog>
    </section>
  );
}
