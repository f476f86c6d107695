import type { User } from '@chat/contracts';
import { Button } from '../../../components/button';
import { describeError } from '../../../lib/errors';
import { useUnblockUser } from '../../../lib/safety';

/**
 * In place of the composer of a direct conversation with someone I blocked: the server refuses new messages either
 * way, so the composer would only fail; this says why and offers to unblock.
 */
export function BlockedComposer({ peer }: { peer: User }) {
  const unblock = useUnblockUser();
  return (
    <div className="composer-blocked" role="status">
      <p>
        You blocked <strong>{peer.displayName}</strong>. Neither of you can send messages here; the history stays.
        {unblock.isError && <span className="composer-blocked__error"> Could not unblock: {describeError(unblock.error)}</span>}
      </p>
      <Button variant="secondary" className="btn--small" pending={unblock.isPending} onClick={() => unblock.mutate(peer.id)}>
        Unblock
      </Button>
    </div>
  );
}
