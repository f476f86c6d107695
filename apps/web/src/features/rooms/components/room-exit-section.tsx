import type { Room } from '@chat/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { describeError } from '../../../lib/errors';
import { useDeleteRoom, useLeaveRoom } from '../api/leave-room';
import type { RoomAbilities } from '../utils/room-permissions';

export type RoomExitSectionProps = {
  room: Room;
  abilities: RoomAbilities;
};

/** Leave the room (the last owner is told by the server to hand over first), or, for owners, delete it. */
export function RoomExitSection({ room, abilities }: RoomExitSectionProps) {
  const [confirming, setConfirming] = useState<'leave' | 'delete' | null>(null);
  const leave = useLeaveRoom();
  const remove = useDeleteRoom();
  const navigate = useNavigate();

  const close = () => {
    setConfirming(null);
    leave.reset();
    remove.reset();
  };
  const gone = () => navigate('/', { replace: true });

  if (!abilities.leave && !abilities.delete) return null;

  return (
    <section className="room-panel__section room-panel__exit" aria-label="Leave or delete the room">
      {abilities.leave && (
        <Button variant="secondary" className="btn--small" onClick={() => setConfirming('leave')} aria-haspopup="dialog">
          Leave room
        </Button>
      )}
      {abilities.delete && (
        <Button variant="danger" className="btn--small" onClick={() => setConfirming('delete')} aria-haspopup="dialog">
          Delete room
        </Button>
      )}
      <ConfirmDialog
        open={confirming === 'leave'}
        title={`Leave ${room.name}?`}
        confirmLabel="Leave room"
        pending={leave.isPending}
        error={leave.isError ? `Could not leave the room. ${describeError(leave.error)}` : null}
        onClose={close}
        onConfirm={() => leave.mutate(room.id, { onSuccess: gone })}
      >
        <p>
          {room.visibility === 'public'
            ? 'You can join again later from the public rooms.'
            : 'It is private: you can come back only if someone invites you again.'}
          {room.memberCount === 1 && ' You are its last member, so the room will be deleted.'}
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirming === 'delete'}
        title={`Delete ${room.name}?`}
        confirmLabel="Delete room"
        pending={remove.isPending}
        error={remove.isError ? `Could not delete the room. ${describeError(remove.error)}` : null}
        onClose={close}
        onConfirm={() => remove.mutate(room.id, { onSuccess: gone })}
      >
        <p>The room and all its messages will be deleted for everyone. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
