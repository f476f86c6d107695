import { INVITE_LINK_LIMITS, type InviteLink } from '@chat/contracts';
import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { TextField } from '../../../components/field';
import { Form } from '../../../components/form';
import { QueryView } from '../../../components/query-view';
import { formatDateTime, formatRelative } from '../../../lib/dates';
import { describeError, toFormErrors } from '../../../lib/errors';
import { useServerInfo } from '../../../lib/server-info';
import { useCreateInviteLink, useInviteLinks, useRevokeInviteLink } from '../api/invite-links';
import { INVITE_STATUS_LABEL, inviteLinkStatus, inviteUsesText, parseLimit } from '../utils/invite-link-status';

/** Server invite links: make one (optionally limited in uses and time), copy it, see how it was used, revoke it. */
export function InviteLinksTab() {
  const links = useInviteLinks();
  const registration = useServerInfo().data?.registration;
  return (
    <div className="stack">
      {registration && registration !== 'invite' && (
        <Alert tone="info">
          {registration === 'open'
            ? 'Sign-up is open, so nobody needs an invite link right now. Links still work if you switch to invite only.'
            : 'Sign-up is closed: invite links do not let anyone in until you switch to invite only (Settings tab).'}
        </Alert>
      )}
      <CreateInviteLinkCard />
      <section className="card" aria-labelledby="invite-links-title">
        <h2 className="card__title" id="invite-links-title">
          Invite links
        </h2>
        <QueryView
          query={links}
          loadingLabel="Loading invite links…"
          errorText="Could not load the invite links."
          smallRetry
          empty={<p className="card__empty">No invite links yet.</p>}
        >
          {(data) => <InviteLinkList links={data} />}
        </QueryView>
      </section>
    </div>
  );
}

const EMPTY = { maxUses: '', expiresInHours: '' };

function CreateInviteLinkCard() {
  const [values, setValues] = useState(EMPTY);
  const [local, setLocal] = useState<{ maxUses?: string; expiresInHours?: string } | null>(null);
  const mutation = useCreateInviteLink();
  const server = toFormErrors(mutation.error, ['maxUses', 'expiresInHours'] as const);
  const fields = local ?? server.fields;

  const submit = () => {
    const maxUses = parseLimit(values.maxUses, INVITE_LINK_LIMITS.maxUses, 'Maximum uses');
    const hours = parseLimit(values.expiresInHours, INVITE_LINK_LIMITS.expiresInHours, 'Hours');
    const errors = {
      ...('error' in maxUses ? { maxUses: maxUses.error } : {}),
      ...('error' in hours ? { expiresInHours: hours.error } : {}),
    };
    if (Object.keys(errors).length > 0) {
      mutation.reset();
      setLocal(errors);
      return;
    }
    setLocal(null);
    mutation.mutate(
      {
        ...('value' in maxUses && maxUses.value !== undefined ? { maxUses: maxUses.value } : {}),
        ...('value' in hours && hours.value !== undefined ? { expiresInHours: hours.value } : {}),
      },
      { onSuccess: () => setValues(EMPTY) },
    );
  };

  return (
    <section className="card" aria-labelledby="new-invite-title">
      <h2 className="card__title" id="new-invite-title">
        New invite link
      </h2>
      <p className="card__description">
        Whoever opens the link can create an account while sign-up is invite only. Leave a field empty for no limit.
      </p>
      {!local && server.form && <Alert>Could not create the invite link. {server.form}</Alert>}
      {mutation.isSuccess && (
        <Alert tone="success" title="Invite link created">
          <span className="invite-url">{mutation.data.url}</span>
          <div className="invite-created__actions">
            <CopyButton url={mutation.data.url} />
          </div>
        </Alert>
      )}
      <Form onSubmit={submit} errors={local ?? mutation.error} aria-label="New invite link">
        <div className="form__grid">
          <TextField
            label="Maximum uses"
            name="maxUses"
            inputMode="numeric"
            autoComplete="off"
            value={values.maxUses}
            onChange={(e) => setValues((v) => ({ ...v, maxUses: e.target.value }))}
            error={fields.maxUses}
            hint="Empty: any number of people."
          />
          <TextField
            label="Expires after (hours)"
            name="expiresInHours"
            inputMode="numeric"
            autoComplete="off"
            value={values.expiresInHours}
            onChange={(e) => setValues((v) => ({ ...v, expiresInHours: e.target.value }))}
            error={fields.expiresInHours}
            hint={`Empty: never. At most ${INVITE_LINK_LIMITS.expiresInHours.toLocaleString('en-US')} (a year).`}
          />
        </div>
        <div className="form__actions">
          <Button type="submit" pending={mutation.isPending}>
            Create invite link
          </Button>
        </div>
      </Form>
    </section>
  );
}

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies the link; says whether it worked (the clipboard may be refused), where a screen reader hears it too. */
function CopyButton({ url, label }: { url: string; label?: string }) {
  const [state, setState] = useState<CopyState>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className="copy-button">
      <Button variant="secondary" className="btn--small" onClick={() => void copy()} aria-label={label}>
        Copy link
      </Button>
      <span className="copy-button__status" role="status">
        {state === 'copied' ? 'Copied.' : state === 'failed' ? 'Could not copy: select the link and copy it yourself.' : ''}
      </span>
    </span>
  );
}

function InviteLinkList({ links }: { links: InviteLink[] }) {
  const revoke = useRevokeInviteLink();
  const [revoking, setRevoking] = useState<InviteLink | null>(null);
  const now = Date.now();

  return (
    <>
      <ul className="row-list invite-links" aria-label="Invite links">
        {links.map((link) => {
          const status = inviteLinkStatus(link, now);
          const created = formatDateTime(link.createdAt);
          return (
            <li key={link.id} className="invite-link">
              <div className="invite-link__text">
                <p className="invite-link__head">
                  <span className={`role-badge invite-status invite-status--${status}`}>{INVITE_STATUS_LABEL[status]}</span>
                  <span className="invite-url">{link.url}</span>
                </p>
                <p className="person-row__meta">
                  {inviteUsesText(link)} · {expiryText(link, now)}
                  <br />
                  Created {created} by {link.createdBy.displayName}
                  {link.revokedAt && <> · revoked {formatDateTime(link.revokedAt)}</>}
                </p>
              </div>
              <div className="person-row__actions">
                {status === 'active' && <CopyButton url={link.url} label={`Copy link created ${created}`} />}
                {!link.revokedAt && (
                  <Button
                    variant="danger"
                    className="btn--small"
                    aria-haspopup="dialog"
                    aria-label={`Revoke link created ${created}`}
                    onClick={() => {
                      revoke.reset();
                      setRevoking(link);
                    }}
                  >
                    Revoke
                  </Button>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this invite link?"
        confirmLabel="Revoke link"
        pending={revoke.isPending}
        error={revoke.isError ? `Could not revoke the link. ${describeError(revoke.error)}` : null}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
        onClose={() => setRevoking(null)}
      >
        <p>
          Nobody will be able to sign up with it any more. Accounts already made with it stay.
          {revoking && (
            <>
              {' '}
              <span className="muted">({inviteUsesText(revoking)})</span>
            </>
          )}
        </p>
      </ConfirmDialog>
    </>
  );
}

function expiryText(link: InviteLink, now: number): string {
  if (!link.expiresAt) return 'never expires';
  const at = Date.parse(link.expiresAt);
  return `${at <= now ? 'expired' : 'expires'} ${formatRelative(link.expiresAt, now)} (${formatDateTime(link.expiresAt)})`;
}
