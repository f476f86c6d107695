import { QueryView } from '../../../components/query-view';
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
      <QueryView
        query={requests}
        loadingLabel="Loading the requests you sent…"
        errorText="Could not load the requests you sent."
        smallRetry
        empty={<p className="card__empty">None waiting for an answer. Send one from someone’s profile.</p>}
      >
        {(data) => <FriendRequestList direction="outgoing" requests={data} labelledBy="sent-title" />}
      </QueryView>
    </section>
  );
}
