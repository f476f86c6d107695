import type { Room } from '@chat/contracts';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { useMe } from '../../../lib/auth';
import { describeError } from '../../../lib/errors';
import { useRoomMembers } from '../../../lib/room-queries';
import { HandOverError, useDeleteRoom, useHandOverAndLeave, useLeaveRoom } from '../api/leave-room';
import { ROLE_LABEL, type RoomAbilities } from '../utils/room-permissions';

export type RoomExitSectionProps = {
  room: Room;
  abilities: RoomAbilities;
};

/**
 * Leave the room, or, for owners, delete it. A room always keeps an owner: the only owner of a room with other members
 * is told so in the Leave dialog and chooses who takes over there ("Make owner and leave"), instead of meeting the
 * server's refusal.
 */
export function RoomExitSection({ room, abilities }: RoomExitSectionProps) {
  const [confirming, setConfirming] = useState<'leave' | 'delete' | null>(null);
  const [heir, setHeir] = useState('');
  const heirId = useId();
  const leave = useLeaveRoom();
  const remove = useDeleteRoom();
  const handOver = useHandOverAndLeave(room.id);
  const navigate = useNavigate();
  const meId = useMe().data?.id;
  const ownerLeaving = confirming === 'leave' && room.myRole === 'owner' && room.memberCount > 1;
  const members = useRoomMembers(room.id, { enabled: ownerLeaving });
  const others = (members.data ?? []).filter((m) => m.user.id !== meId);
  const mustHandOver = ownerLeaving && members.data !== undefined && others.length > 0 && !others.some((m) => m.role === 'owner');
  const chosen = others.find((m) => m.user.id === heir) ?? others[0];

  const close = () => {
    setConfirming(null);
    setHeir('');
    leave.reset();
    remove.reset();
    handOver.reset();
  };
  const handOverFailed = handOver.error instanceof HandOverError;
  const leaveError = leave.error ?? (handOver.error instanceof HandOverError ? handOver.error.reason : handOver.error);
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
        confirmLabel={mustHandOver && chosen ? `Make ${chosen.user.displayName} owner and leave` : 'Leave room'}
        pending={leave.isPending || handOver.isPending || (ownerLeaving && members.isPending)}
        error={
          leaveError
            ? `Could not ${handOverFailed ? 'hand the room over' : 'leave the room'}. ${describeError(leaveError)}`
            : ownerLeaving && members.isError
              ? `Could not load the members. ${describeError(members.error)}`
              : null
        }
        onClose={close}
        onConfirm={() => {
          if (!mustHandOver) {
            leave.mutate(room.id, { onSuccess: gone });
            return;
          }
          if (!chosen) return;
          handOver.mutate(chosen.user.id, { onSuccess: gone });
        }}
      >
        {mustHandOver ? (
          <div className="room-exit__handover">
            <p>
              You are the only owner, and a room always needs one. Choose who owns {room.name} after you; they get every right you have now,
              and you leave.
            </p>
            <div className="field">
              <label className="field__label" htmlFor={heirId}>
                New owner
              </label>
              <select id={heirId} className="input" value={chosen?.user.id ?? ''} onChange={(e) => setHeir(e.target.value)}>
                {others.map((m) => (
                  <option key={m.user.id} value={m.user.id}>
                    {m.user.displayName} (@{m.user.username}, {ROLE_LABEL[m.role].toLowerCase()})
                  </option>
                ))}
              </select>
            </div>
          </div>
        ) : ownerLeaving && members.isPending ? (
          <p>Checking who else owns the room…</p>
        ) : (
          <p>
            {room.visibility === 'public'
              ? 'You can join again later from the public rooms.'
              : 'It is private: you can come back only if someone invites you again.'}
            {room.memberCount === 1 && ' You are its last member, so the room will be deleted.'}
          </p>
        )}
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
