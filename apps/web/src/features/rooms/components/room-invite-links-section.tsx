import { INVITE_LINK_LIMITS, type InviteLink, type Room } from '@chat/contracts';
import { useId, useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { TextField } from '../../../components/field';
import { QueryView } from '../../../components/query-view';
import { showToast } from '../../../components/toast';
import { formatDateTime } from '../../../lib/dates';
import { describeError, toFormErrors } from '../../../lib/errors';
import { useNow } from '../../../lib/use-now';
import { useCreateRoomInviteLink, useRevokeRoomInviteLink, useRoomInviteLinks } from '../api/room-invite-links';
import { LINK_EXPIRIES, LINK_STATE_LABEL, linkExpiresInHours, linkState, parseMaxUses, usesText } from '../utils/safety-options';

type CreateLinkFormProps = { room: Room; onDone: () => void };

function CreateLinkForm({ room, onDone }: CreateLinkFormProps) {
  const [maxUses, setMaxUses] = useState('');
  const [expiry, setExpiry] = useState('7d');
  const [maxUsesError, setMaxUsesError] = useState<string | null>(null);
  const create = useCreateRoomInviteLink(room.id);
  const expiryId = useId();
  const errors = toFormErrors(create.error, ['maxUses', 'expiresInHours'] as const);

  return (
    <form
      className="form invite-links__form"
      aria-label="New invite link"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const uses = parseMaxUses(maxUses, INVITE_LINK_LIMITS.maxUses);
        if (!uses.ok) {
          setMaxUsesError(uses.error);
          return;
        }
        setMaxUsesError(null);
        const hours = linkExpiresInHours(expiry);
        create.mutate(
          { ...(uses.value !== undefined ? { maxUses: uses.value } : {}), ...(hours !== undefined ? { expiresInHours: hours } : {}) },
          { onSuccess: onDone },
        );
      }}
    >
      {errors.form && <Alert>Could not create the link. {errors.form}</Alert>}
      <TextField
        label="Max uses"
        inputMode="numeric"
        value={maxUses}
        onChange={(e) => setMaxUses(e.target.value)}
        hint="Leave empty for no limit."
        error={maxUsesError ?? errors.fields.maxUses}
      />
      <div className="field">
        <label className="field__label" htmlFor={expiryId}>
          Expires
        </label>
        <select id={expiryId} className="input" value={expiry} onChange={(e) => setExpiry(e.target.value)}>
          {LINK_EXPIRIES.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      <div className="form__actions">
        <Button type="submit" className="btn--small" pending={create.isPending}>
          Create link
        </Button>
        <Button variant="secondary" className="btn--small" onClick={onDone} disabled={create.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

type LinkRowProps = { link: InviteLink; now: number; onRevoke: (link: InviteLink) => void };

function LinkRow({ link, now, onRevoke }: LinkRowProps) {
  const state = linkState(link, now);
  const inputId = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link.url);
      showToast('Invite link copied');
    } catch {
      // No clipboard (permissions, an insecure origin): the link is selected so it can be copied by hand.
      document.getElementById(inputId)?.focus();
      (document.getElementById(inputId) as HTMLInputElement | null)?.select();
      showToast('Could not copy the link: it is selected, copy it with your keyboard');
    }
  };
  return (
    <li className={`invite-link${state === 'active' ? '' : ' invite-link--inactive'}`}>
      <label className="visually-hidden" htmlFor={inputId}>
        Invite link
      </label>
      <input id={inputId} className="input invite-link__url" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
      <p className="invite-link__meta">
        <span className={`badge invite-link__state invite-link__state--${state}`}>{LINK_STATE_LABEL[state]}</span>
        <span>{usesText(link)}</span>
        <span>{link.expiresAt ? `${state === 'expired' ? 'Expired' : 'Expires'} ${formatDateTime(link.expiresAt)}` : 'Never expires'}</span>
        <span>by {link.createdBy.displayName}</span>
      </p>
      {state === 'active' && (
        <div className="invite-link__actions">
          <Button variant="secondary" className="btn--small" onClick={() => void copy()}>
            Copy
          </Button>
          <Button variant="secondary" className="btn--small btn--danger-text" aria-haspopup="dialog" onClick={() => onRevoke(link)}>
            Revoke
          </Button>
        </div>
      )}
    </li>
  );
}

export type RoomInviteLinksSectionProps = {
  room: Room;
};

/** Links that let anyone signed in join the room: made with a limit of uses and an expiry, copied, revoked. */
export function RoomInviteLinksSection({ room }: RoomInviteLinksSectionProps) {
  const links = useRoomInviteLinks(room.id);
  const revoke = useRevokeRoomInviteLink(room.id);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<InviteLink | null>(null);
  const now = useNow();
  const titleId = useId();

  return (
    <section className="room-panel__section" aria-labelledby={titleId}>
      <h3 className="room-panel__heading" id={titleId}>
        Invite links
      </h3>
      <p className="room-panel__note">Anyone with an active link can join {room.name}, unless banned.</p>
      {creating ? (
        <CreateLinkForm room={room} onDone={() => setCreating(false)} />
      ) : (
        <div>
          <Button variant="secondary" className="btn--small" onClick={() => setCreating(true)}>
            New invite link
          </Button>
        </div>
      )}
      <QueryView query={links} loadingLabel="Loading invite links…" errorText="Could not load the invite links." smallRetry empty={null}>
        {(data) => (
          <ul className="invite-links" aria-label="Invite links">
            {data.map((link) => (
              <LinkRow key={link.id} link={link} now={now} onRevoke={setRevoking} />
            ))}
          </ul>
        )}
      </QueryView>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this invite link?"
        confirmLabel="Revoke"
        pending={revoke.isPending}
        error={revoke.isError ? `Could not revoke the link. ${describeError(revoke.error)}` : null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => {
          if (revoking) revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) });
        }}
      >
        <p>It stops working at once. People who joined with it stay in the room.</p>
      </ConfirmDialog>
    </section>
  );
}
