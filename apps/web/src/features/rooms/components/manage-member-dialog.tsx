import { SAFETY_LIMITS, type Member, type Room, type RoomRole } from '@chat/contracts';
import { useId, useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { TextField } from '../../../components/field';
import { RadioGroupField, type RadioOption } from '../../../components/radio-group';
import { showToast } from '../../../components/toast';
import { describeError, toFormErrors } from '../../../lib/errors';
import { useBanUser } from '../api/room-bans';
import { useRemoveMember, useSetMemberRole } from '../api/room-members';
import { ROLE_LABEL, ROLE_RANK, type MemberActions } from '../utils/room-permissions';
import { BAN_DURATIONS, banExpiresAt } from '../utils/safety-options';

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
      {actions.ban && <BanMemberSection room={room} member={member} onClose={onClose} />}
    </div>
  );
}

type BanMemberSectionProps = { room: Room; member: Member; onClose: () => void };

/** Ban from the room, after a second step that asks for an optional reason and how long. */
function BanMemberSection({ room, member, onClose }: BanMemberSectionProps) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState(BAN_DURATIONS[0]!.value);
  const ban = useBanUser(room.id);
  const durationId = useId();
  const name = member.user.displayName;
  const errors = toFormErrors(ban.error, ['reason', 'expiresAt'] as const);

  return (
    <section className="manage-member__remove" aria-label={`Ban ${name}`}>
      {!open ? (
        <Button variant="secondary" className="btn--danger-text" onClick={() => setOpen(true)}>
          Ban from room…
        </Button>
      ) : (
        <form
          className="form"
          aria-label={`Ban ${name} from ${room.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            const trimmed = reason.trim();
            // The ban takes the member out of the list, which unmounts this dialog before `mutate`'s callbacks would run.
            ban.mutateAsync({ userId: member.user.id, expiresAt: banExpiresAt(duration), ...(trimmed ? { reason: trimmed } : {}) }).then(
              () => {
                showToast(`${name} is banned from ${room.name}`);
                onClose();
              },
              () => undefined, // shown from `ban.error`
            );
          }}
        >
          <p>
            {name} will be removed from {room.name} and cannot join again, accept an invite or use an invite link until the ban ends or is
            lifted. Their messages stay.
          </p>
          {errors.form && (
            <Alert>
              Could not ban {name}. {errors.form}
            </Alert>
          )}
          <TextField
            label="Reason (optional)"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={SAFETY_LIMITS.banReasonMax}
            hint="Only the room’s admins and owners see it."
            error={errors.fields.reason}
          />
          <div className="field">
            <label className="field__label" htmlFor={durationId}>
              How long
            </label>
            <select id={durationId} className="input" value={duration} onChange={(e) => setDuration(e.target.value)}>
              {BAN_DURATIONS.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
          <div className="form__actions">
            <Button type="submit" variant="danger" pending={ban.isPending}>
              Ban
            </Button>
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={ban.isPending}>
              Keep
            </Button>
          </div>
        </form>
      )}
    </section>
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

/** An owner changes a member's role; an admin or owner removes a member (after a second click) or bans them. */
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
