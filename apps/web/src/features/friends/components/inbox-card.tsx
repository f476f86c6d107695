import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Loading } from '../../../components/spinner';
import { describeError } from '../../../lib/errors';
import { useFriendRequests } from '../api/friend-requests';
import { useInvites } from '../api/invites';
import { FriendRequestList } from './friend-request-list';
import { RoomInviteList } from './room-invite-list';

/**
 * What waits for my answer: friend requests and room invites, each in its own list; one short line when there is
 * none. The card is the target of `/friends#invites`.
 */
export function InboxCard() {
  const requests = useFriendRequests('incoming');
  const invites = useInvites();
  const count = (requests.data?.length ?? 0) + (invites.data?.length ?? 0);
  const loaded = requests.data !== undefined && invites.data !== undefined;

  return (
    <section className="card inbox" id="invites" aria-labelledby="inbox-title" tabIndex={-1}>
      <div className="card__head">
        <h2 className="card__title" id="inbox-title">
          Waiting for your answer
          {count > 0 && <span className="count-badge">{count}</span>}
        </h2>
      </div>
      {requests.isError && (
        <Alert
          action={
            <Button variant="secondary" className="btn--small" onClick={() => void requests.refetch()}>
              Try again
            </Button>
          }
        >
          Could not load your friend requests. {describeError(requests.error)}
        </Alert>
      )}
      {invites.isError && (
        <Alert
          action={
            <Button variant="secondary" className="btn--small" onClick={() => void invites.refetch()}>
              Try again
            </Button>
          }
        >
          Could not load your room invites. {describeError(invites.error)}
        </Alert>
      )}
      {(requests.isPending || invites.isPending) && !requests.isError && !invites.isError && (
        <Loading label="Loading requests and invites…" />
      )}
      {loaded && count === 0 && (
        <p className="card__empty">Nothing right now. Friend requests and room invites you receive show up here.</p>
      )}
      <div className="inbox__group">
        <FriendRequestList
          direction="incoming"
          requests={requests.data ?? []}
          labelledBy="inbox-requests"
          heading={
            <h3 className="inbox__heading" id="inbox-requests">
              Friend requests
            </h3>
          }
        />
      </div>
      <div className="inbox__group">
        <RoomInviteList
          invites={invites.data ?? []}
          labelledBy="inbox-invites"
          heading={
            <h3 className="inbox__heading" id="inbox-invites">
              Room invites
            </h3>
          }
        />
      </div>
    </section>
  );
}
