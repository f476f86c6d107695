import type { User } from '@chat/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { describeError } from '../../../lib/errors';
import { useFriends } from '../../../lib/friend-queries';
import { useAnswerFriendRequest, useFriendRequests, useSendFriendRequest } from '../api/friend-requests';
import { useOpenDirectRoom } from '../api/open-direct-room';
import { useUnfriend } from '../api/unfriend';
import { friendshipView, resolveFriendship } from '../utils/friendship';
import '../friends.css';

export type FriendshipActionsProps = {
  /** Someone else's profile. */
  user: User;
};

/**
 * The buttons on someone's profile that match where we stand: add, cancel, accept or reject, unfriend; and Message,
 * which the server refuses (and says why) unless we are friends or they accept messages from everyone.
 */
export function FriendshipActions({ user }: FriendshipActionsProps) {
  const friends = useFriends();
  const incoming = useFriendRequests('incoming');
  const outgoing = useFriendRequests('outgoing');
  const send = useSendFriendRequest();
  const answer = useAnswerFriendRequest();
  const unfriend = useUnfriend();
  const openDm = useOpenDirectRoom();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);

  const { state, requestId } = resolveFriendship(user.id, {
    profileState: user.friendship,
    friends: friends.data,
    incoming: incoming.data,
    outgoing: outgoing.data,
  });
  const view = friendshipView(state);
  if (view.actions.length === 0) return null;

  const failure = [send, answer, openDm].find((m) => m.isError)?.error;
  const resetErrors = () => [send, answer, openDm].forEach((m) => m.reset());
  const busy = send.isPending || answer.isPending || unfriend.isPending;
  const respond = (kind: 'accept' | 'reject' | 'cancel') => {
    resetErrors();
    if (requestId) answer.mutate({ id: requestId, answer: kind });
  };

  return (
    <div className="friendship-actions">
      {view.status && <span className={`friendship-actions__status friendship-actions__status--${state}`}>{view.status}</span>}
      <div className="friendship-actions__buttons">
        {view.actions.includes('add') && (
          <Button
            pending={send.isPending}
            disabled={busy}
            onClick={() => {
              resetErrors();
              send.mutate(user.id);
            }}
          >
            Add friend
          </Button>
        )}
        {view.actions.includes('accept') && (
          <Button
            pending={answer.isPending && answer.variables.answer === 'accept'}
            disabled={busy || !requestId}
            onClick={() => respond('accept')}
          >
            Accept
          </Button>
        )}
        {view.actions.includes('reject') && (
          <Button
            variant="secondary"
            pending={answer.isPending && answer.variables.answer === 'reject'}
            disabled={busy || !requestId}
            onClick={() => respond('reject')}
          >
            Reject
          </Button>
        )}
        {view.actions.includes('cancel') && (
          <Button variant="secondary" pending={answer.isPending} disabled={busy || !requestId} onClick={() => respond('cancel')}>
            Cancel request
          </Button>
        )}
        {view.actions.includes('message') && (
          <Button
            variant={state === 'friends' ? 'primary' : 'secondary'}
            pending={openDm.isPending}
            onClick={() => {
              resetErrors();
              openDm.mutate(user.id, { onSuccess: (room) => navigate(`/rooms/${room.id}`) });
            }}
          >
            Message
          </Button>
        )}
        {view.actions.includes('unfriend') && (
          <Button variant="ghost" disabled={busy} onClick={() => setConfirming(true)}>
            Unfriend
          </Button>
        )}
      </div>
      {failure !== undefined && failure !== null && (
        <p className="friendship-actions__error" role="alert">
          {describeError(failure)}
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Unfriend ${user.displayName}?`}
        confirmLabel="Unfriend"
        pending={unfriend.isPending}
        error={unfriend.isError ? `Could not unfriend. ${describeError(unfriend.error)}` : null}
        onClose={() => {
          setConfirming(false);
          unfriend.reset();
        }}
        onConfirm={() => unfriend.mutate(user.id, { onSuccess: () => setConfirming(false) })}
      >
        <p>
          You will no longer be friends. Your conversation stays readable, but new messages need you to be friends again (or their settings
          to accept messages from everyone).
        </p>
      </ConfirmDialog>
    </div>
  );
}
