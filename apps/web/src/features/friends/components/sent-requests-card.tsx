import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Loading } from '../../../components/spinner';
import { describeError } from '../../../lib/errors';
import { useFriendRequests } from '../api/friend-requests';
import { FriendRequestList } from './friend-request-list';

/** Requests I sent that wait for an answer; each can be cancelled. */
export function SentRequestsCard() {
  const requests = useFriendRequests('outgoing');

  return (
    <section className="card" aria-labelledby="sent-title">
      <div className="card__head">
        <h2 className="card__title" id="sent-title">
          Sent requests
          {requests.data && requests.data.length > 0 && <span className="count-badge">{requests.data.length}</span>}
        </h2>
      </div>
      {requests.isPending ? (
        <Loading label="Loading the requests you sent…" />
      ) : requests.isError ? (
        <Alert
          action={
            <Button variant="secondary" className="btn--small" onClick={() => void requests.refetch()}>
              Try again
            </Button>
          }
        >
          Could not load the requests you sent. {describeError(requests.error)}
        </Alert>
      ) : requests.data.length === 0 ? (
        <p className="card__empty">None waiting for an answer. Send one from someone’s profile.</p>
      ) : (
        <FriendRequestList direction="outgoing" requests={requests.data} labelledBy="sent-title" />
      )}
    </section>
  );
}
