import type { Member, Room, RoomRole } from '@chat/contracts';
import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { RadioGroupField, type RadioOption } from '../../../components/radio-group';
import { describeError } from '../../../lib/errors';
import { useRemoveMember, useSetMemberRole } from '../api/room-members';
import { ROLE_LABEL, ROLE_RANK, type MemberActions } from '../utils/room-permissions';

const ROLE_DESCRIPTION: Record<RoomRole, string> = {
  owner: 'Everything admins can, plus changing roles and deleting the room.',
  admin: 'Edits the room, invites to it when private, removes members.',
  member: 'Reads and writes messages, invites friends to public rooms.',
};

type ManageMemberFormProps = {
  room: Room;
  member: Member;
  actions: MemberActions;
  isSelf: boolean;
  onClose: () => void;
};

function ManageMemberForm({ room, member, actions, isSelf, onClose }: ManageMemberFormProps) {
  const [role, setRole] = useState<RoomRole>(member.role);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const setMemberRole = useSetMemberRole(room.id);
  const remove = useRemoveMember(room.id);
  const name = isSelf ? 'yourself' : member.user.displayName;
  const options: RadioOption<RoomRole>[] = [member.role, ...actions.roles]
    .sort((a, b) => ROLE_RANK[b] - ROLE_RANK[a])
    .map((r) => ({ value: r, label: ROLE_LABEL[r], description: ROLE_DESCRIPTION[r] }));

  return (
    <div className="manage-member">
      {actions.roles.length > 0 && (
        <form
          className="form"
          aria-label={`Role of ${name}`}
          onSubmit={(e) => {
            e.preventDefault();
            setMemberRole.mutate({ userId: member.user.id, role }, { onSuccess: onClose });
          }}
        >
          {setMemberRole.isError && <Alert>Could not change the role. {describeError(setMemberRole.error)}</Alert>}
          <RadioGroupField label="Role" name="role" value={role} options={options} onChange={setRole} />
          <div className="form__actions">
            <Button type="submit" pending={setMemberRole.isPending} disabled={role === member.role}>
              Save role
            </Button>
          </div>
        </form>
      )}
      {actions.remove && (
        <section className="manage-member__remove" aria-label={`Remove ${name}`}>
          {remove.isError && (
            <Alert>
              Could not remove {name}. {describeError(remove.error)}
            </Alert>
          )}
          {confirmRemove ? (
            <>
              <p>
                Remove {member.user.displayName} from {room.name}?{' '}
                {room.visibility === 'public'
                  ? 'They can join again, since the room is public.'
                  : 'They can come back only if invited again.'}
              </p>
              <div className="form__actions">
                <Button variant="danger" pending={remove.isPending} onClick={() => remove.mutate(member.user.id, { onSuccess: onClose })}>
                  Remove
                </Button>
                <Button variant="secondary" onClick={() => setConfirmRemove(false)} disabled={remove.isPending}>
                  Keep
                </Button>
              </div>
            </>
          ) : (
            <Button variant="secondary" className="btn--danger-text" onClick={() => setConfirmRemove(true)}>
              Remove from room
            </Button>
          )}
        </section>
      )}
    </div>
  );
}

export type ManageMemberDialogProps = {
  room: Room;
  /** The member being managed; null keeps the dialog closed. */
  member: Member | null;
  actions: MemberActions;
  isSelf: boolean;
  onClose: () => void;
};

/** An owner changes a member's role; an admin or owner removes a member (after a second click). */
export function ManageMemberDialog({ room, member, actions, isSelf, onClose }: ManageMemberDialogProps) {
  return (
    <Dialog
      open={member !== null}
      onClose={onClose}
      title={member ? `Manage ${isSelf ? 'your role' : member.user.displayName}` : 'Manage member'}
      description={member ? `${ROLE_LABEL[member.role]} of ${room.name}` : undefined}
    >
      {member && <ManageMemberForm key={member.user.id} room={room} member={member} actions={actions} isSelf={isSelf} onClose={onClose} />}
    </Dialog>
  );
}
