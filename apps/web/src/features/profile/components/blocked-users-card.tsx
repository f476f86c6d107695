import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { PersonRow } from '../../../components/person-row';
import { QueryView } from '../../../components/query-view';
import { showToast } from '../../../components/toast';
import { describeError } from '../../../lib/errors';
import { useBlocks, useUnblockUser } from '../../../lib/safety';
import '../profile.css';

/** The people I blocked, latest first, each with Unblock (no confirmation: blocking again is one click away). */
export function BlockedUsersCard() {
  const blocks = useBlocks();
  const unblock = useUnblockUser();
  const failedName = blocks.data?.find((u) => u.id === unblock.variables)?.displayName ?? 'this person';

  return (
    <section className="card" aria-labelledby="blocked-title">
      <h2 className="card__title" id="blocked-title">
        Blocked people
      </h2>
      <p className="card__description">
        They cannot send you friend requests, room invites or direct messages, and their messages in rooms are hidden until you choose to
        see them.
      </p>
      {unblock.isError && (
        <Alert>
          Could not unblock {failedName}. {describeError(unblock.error)}
        </Alert>
      )}
      <QueryView
        query={blocks}
        loadingLabel="Loading blocked people…"
        errorText="Could not load the people you blocked."
        smallRetry
        empty={<p className="muted">You have not blocked anyone.</p>}
      >
        {(data) => (
          <ul className="row-list" aria-label="Blocked people">
            {data.map((user) => (
              <PersonRow
                key={user.id}
                user={user}
                meta={<>@{user.username}</>}
                actions={
                  <Button
                    variant="secondary"
                    className="btn--small"
                    pending={unblock.isPending && unblock.variables === user.id}
                    aria-label={`Unblock ${user.displayName}`}
                    onClick={() => unblock.mutate(user.id, { onSuccess: () => showToast(`${user.displayName} is unblocked`) })}
                  >
                    Unblock
                  </Button>
                }
              />
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}
