import type { FriendRequest } from '@chat/contracts';
import type { ReactNode } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { PersonRow } from '../../../components/person-row';
import { formatRelative } from '../../../lib/dates';
import { describeError } from '../../../lib/errors';
import { useAnswerFriendRequest, type RequestAnswer, type RequestDirection } from '../api/friend-requests';

const VERB: Record<RequestAnswer, string> = { accept: 'accept', reject: 'reject', cancel: 'cancel' };

export type FriendRequestListProps = {
  direction: RequestDirection;
  requests: FriendRequest[];
  /** The id of the heading that names the list. */
  labelledBy: string;
  /** A heading rendered above the list, only while it has rows. */
  heading?: ReactNode;
};

/**
 * Pending requests: sent to me, to accept or reject; or sent by me, to cancel. Stays mounted when the last request
 * goes (it renders nothing then but a failure), so an answer's outcome is still heard.
 */
export function FriendRequestList({ direction, requests, labelledBy, heading }: FriendRequestListProps) {
  const answer = useAnswerFriendRequest();
  const failed = answer.isError ? requests.find((r) => r.id === answer.variables.id) : undefined;
  const failedWhat = !failed
    ? 'that request'
    : direction === 'incoming'
      ? `the request of ${failed.from.displayName}`
      : `the request to ${failed.to.displayName}`;

  return (
    <>
      {answer.isError && (
        <Alert
          action={
            <Button variant="secondary" className="btn--small" onClick={() => answer.mutate(answer.variables)}>
              Try again
            </Button>
          }
        >
          Could not {VERB[answer.variables.answer]} {failedWhat}. {describeError(answer.error)}
        </Alert>
      )}
      {requests.length > 0 && heading}
      {requests.length > 0 && (
        <ul className="row-list" aria-labelledby={labelledBy}>
          {requests.map((request) => {
            const other = direction === 'incoming' ? request.from : request.to;
            const mine = answer.isPending && answer.variables.id === request.id;
            const busy = (a: RequestAnswer) => mine && answer.variables?.answer === a;
            return (
              <PersonRow
                key={request.id}
                user={other}
                meta={
                  <>
                    @{other.username} · sent {formatRelative(request.createdAt)}
                  </>
                }
                actions={
                  direction === 'incoming' ? (
                    <>
                      <Button
                        className="btn--small"
                        pending={busy('accept')}
                        disabled={mine}
                        onClick={() => answer.mutate({ id: request.id, answer: 'accept' })}
                        aria-label={`Accept friend request from ${other.displayName}`}
                      >
                        Accept
                      </Button>
                      <Button
                        variant="secondary"
                        className="btn--small"
                        pending={busy('reject')}
                        disabled={mine}
                        onClick={() => answer.mutate({ id: request.id, answer: 'reject' })}
                        aria-label={`Reject friend request from ${other.displayName}`}
                      >
                        Reject
                      </Button>
                    </>
                  ) : (
                    <Button
                      variant="secondary"
                      className="btn--small"
                      pending={busy('cancel')}
                      onClick={() => answer.mutate({ id: request.id, answer: 'cancel' })}
                      aria-label={`Cancel request to ${other.displayName}`}
                    >
                      Cancel request
                    </Button>
                  )
                }
              />
            );
          })}
        </ul>
      )}
    </>
  );
}
