import type { User } from '@chat/contracts';
import { useState } from 'react';
import { describeError } from '../lib/errors';
import { useBlockUser, useUnblockUser } from '../lib/safety';
import { showToast } from './toast';
import { ConfirmDialog } from './confirm-dialog';

export type BlockDialogProps = {
  /** The person to block or unblock; null keeps the dialog closed. */
  user: User | null;
  /** Whether they are blocked now: the dialog then offers to unblock them. */
  blocked: boolean;
  onClose: () => void;
};

/** "Block Ada?" (or "Unblock Ada?") with what it does, since a block quietly changes several things at once. */
export function BlockDialog({ user, blocked: blockedNow, onClose }: BlockDialogProps) {
  // What the dialog offers is fixed when it opens: a block that succeeds must not turn it into "Unblock?" meanwhile.
  const [opened, setOpened] = useState<{ userId: string; blocked: boolean } | null>(null);
  if (user && opened?.userId !== user.id) setOpened({ userId: user.id, blocked: blockedNow });
  if (!user && opened) setOpened(null);
  const blocked = opened?.blocked ?? blockedNow;
  const block = useBlockUser();
  const unblock = useUnblockUser();
  const mutation = blocked ? unblock : block;
  const close = () => {
    block.reset();
    unblock.reset();
    onClose();
  };
  const name = user?.displayName ?? 'this person';

  return (
    <ConfirmDialog
      open={user !== null}
      title={blocked ? `Unblock ${name}?` : `Block ${name}?`}
      confirmLabel={blocked ? 'Unblock' : 'Block'}
      tone={blocked ? 'primary' : 'danger'}
      pending={mutation.isPending}
      error={mutation.isError ? `Could not ${blocked ? 'unblock' : 'block'} ${name}. ${describeError(mutation.error)}` : null}
      onClose={close}
      onConfirm={() => {
        if (!user) return;
        const done = () => {
          showToast(blocked ? `${name} is unblocked` : `${name} is blocked`);
          close();
        };
        if (blocked) unblock.mutate(user.id, { onSuccess: done });
        else block.mutate(user, { onSuccess: done });
      }}
    >
      {blocked ? (
        <p>
          They will be able to send you friend requests, room invites and direct messages again, and their messages in shared rooms will no
          longer be hidden. Your earlier friendship is not restored.
        </p>
      ) : (
        <>
          <p>
            {name} will no longer be able to send you friend requests, room invites or new direct messages, and will see you as offline. If
            you are friends, the friendship ends.
          </p>
          <p>
            They are not told. In rooms you share, their messages are hidden behind “Show”. You can unblock them from your profile page.
          </p>
        </>
      )}
    </ConfirmDialog>
  );
}
