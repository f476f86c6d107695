import type { AdminUser } from '@chat/contracts';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { PersonRow } from '../../../components/person-row';
import { QueryView } from '../../../components/query-view';
import { SearchBox } from '../../../components/search-box';
import { useMe } from '../../../lib/auth';
import { formatDateTime } from '../../../lib/dates';
import { describeError } from '../../../lib/errors';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { URL_SEARCH_DEBOUNCE_MS } from '../../../lib/use-url-search-term';
import { USERS_PAGE_SIZE, useAdminUsers, useUpdateAdminUser, type UpdateAdminUserInput } from '../api/users';

type Change = 'promote' | 'demote' | 'deactivate' | 'reactivate';

const CHANGE_INPUT: Record<Change, UpdateAdminUserInput> = {
  promote: { serverRole: 'admin' },
  demote: { serverRole: 'user' },
  deactivate: { deactivated: true },
  reactivate: { deactivated: false },
};

/** What a failed change was, for the alert: "Could not deactivate Bo Chen." */
const CHANGE_VERB: Record<Change, string> = {
  promote: 'make {name} an admin',
  demote: 'remove {name} from the admins',
  deactivate: 'deactivate {name}',
  reactivate: 'reactivate {name}',
};

/** The search (`?q=`) and the page (`?page=`, from 1) live in the URL; a new search starts at the first page. */
function useUsersListParams() {
  const [params, setParams] = useSearchParams();
  const term = params.get('q') ?? '';
  const page = Math.max(1, Math.floor(Number(params.get('page') ?? '1')) || 1);
  const update = useCallback(
    (patch: { q?: string; page?: number }) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (patch.q !== undefined) {
            if (patch.q) next.set('q', patch.q);
            else next.delete('q');
            next.delete('page');
          }
          if (patch.page !== undefined) {
            if (patch.page > 1) next.set('page', String(patch.page));
            else next.delete('page');
          }
          return next;
        },
        { replace: patch.q !== undefined },
      ),
    [setParams],
  );
  return { term, page, update };
}

/** Everyone with an account: search, pages, server role and status; promote, demote, deactivate, reactivate. */
export function UsersTab() {
  const { term, page, update } = useUsersListParams();
  const debouncedTerm = useDebouncedValue(term, URL_SEARCH_DEBOUNCE_MS);
  const users = useAdminUsers(debouncedTerm, (page - 1) * USERS_PAGE_SIZE);
  const meId = useMe().data?.id;
  const mutation = useUpdateAdminUser();
  const [confirming, setConfirming] = useState<{ user: AdminUser; change: Change } | null>(null);
  const [failed, setFailed] = useState<{ user: AdminUser; change: Change } | null>(null);
  const typing = term.trim() !== debouncedTerm.trim();

  const apply = (user: AdminUser, change: Change, fromDialog: boolean) => {
    setFailed(null);
    mutation.mutate(
      { id: user.id, ...CHANGE_INPUT[change] },
      {
        onSuccess: () => setConfirming(null),
        onError: () => {
          if (!fromDialog) setFailed({ user, change });
        },
      },
    );
  };
  const ask = (user: AdminUser, change: Change) => {
    mutation.reset();
    setFailed(null);
    if (change === 'reactivate') apply(user, change, false);
    else setConfirming({ user, change });
  };

  return (
    <section className="card" aria-labelledby="admin-users-title">
      <h2 className="card__title" id="admin-users-title">
        Users
      </h2>
      <p className="card__description">
        Search by username, display name or email. Deactivated people are logged out everywhere and cannot log in; their messages stay.
      </p>
      <SearchBox
        id="admin-user-search"
        label="Search users"
        placeholder="Search by name, @username or email"
        autoCapitalize="none"
        value={term}
        onChange={(q) => update({ q })}
        busy={typing || (users.isFetching && users.isPlaceholderData)}
        aria-controls="admin-users-results"
      />
      {failed && mutation.isError && (
        <Alert>
          Could not {CHANGE_VERB[failed.change].replace('{name}', failed.user.displayName)}. {describeError(mutation.error)}
        </Alert>
      )}
      <div id="admin-users-results" aria-busy={users.isFetching}>
        <QueryView query={users} loadingLabel="Loading users…" errorText="Could not load the users." smallRetry>
          {(data) =>
            data.users.length === 0 ? (
              <p className="card__empty" role="status">
                {debouncedTerm.trim() ? `Nobody matches “${debouncedTerm.trim()}”.` : 'No users on this page.'}
              </p>
            ) : (
              <>
                <ul className={`row-list admin-users${users.isPlaceholderData ? ' admin-users--stale' : ''}`} aria-label="Users">
                  {data.users.map((user) => (
                    <UserRow
                      key={user.id}
                      user={user}
                      isMe={user.id === meId}
                      pending={mutation.isPending && mutation.variables?.id === user.id}
                      onChange={(change) => ask(user, change)}
                    />
                  ))}
                </ul>
                {(page > 1 || data.hasMore) && (
                  <nav className="admin-pager" aria-label="Pages of users">
                    <Button variant="secondary" className="btn--small" disabled={page <= 1} onClick={() => update({ page: page - 1 })}>
                      Previous page
                    </Button>
                    <span className="admin-pager__where" aria-live="polite">
                      Page {page}
                    </span>
                    <Button variant="secondary" className="btn--small" disabled={!data.hasMore} onClick={() => update({ page: page + 1 })}>
                      Next page
                    </Button>
                  </nav>
                )}
              </>
            )
          }
        </QueryView>
      </div>
      <ConfirmChangeDialog
        confirming={confirming}
        isMe={confirming?.user.id === meId}
        pending={mutation.isPending}
        error={confirming && mutation.isError ? describeError(mutation.error) : null}
        onConfirm={() => confirming && apply(confirming.user, confirming.change, true)}
        onClose={() => {
          setConfirming(null);
          mutation.reset();
        }}
      />
    </section>
  );
}

type UserRowProps = {
  user: AdminUser;
  isMe: boolean;
  pending: boolean;
  onChange: (change: Change) => void;
};

function UserRow({ user, isMe, pending, onChange }: UserRowProps) {
  const admin = user.serverRole === 'admin';
  const deactivated = user.deactivatedAt !== null;
  const name = isMe ? 'yourself' : user.displayName;
  return (
    <PersonRow
      user={user}
      badges={
        <>
          {admin && <span className="role-badge role-badge--admin">Admin</span>}
          {deactivated && <span className="role-badge role-badge--deactivated">Deactivated</span>}
          {isMe && <span className="badge">You</span>}
        </>
      }
      meta={
        <>
          @{user.username} · {user.email}
          <br />
          {admin ? 'Server admin' : 'User'} ·{' '}
          {deactivated ? `Deactivated ${formatDateTime(user.deactivatedAt!)}` : `Active, joined ${formatDateTime(user.createdAt)}`}
        </>
      }
      actions={
        <>
          <Button
            variant="secondary"
            className="btn--small"
            pending={pending}
            aria-haspopup="dialog"
            aria-label={admin ? `Remove admin: ${name}` : `Make admin: ${name}`}
            onClick={() => onChange(admin ? 'demote' : 'promote')}
          >
            {admin ? 'Remove admin' : 'Make admin'}
          </Button>
          {deactivated ? (
            <Button
              variant="secondary"
              className="btn--small"
              pending={pending}
              aria-label={`Reactivate ${name}`}
              onClick={() => onChange('reactivate')}
            >
              Reactivate
            </Button>
          ) : (
            <Button
              variant="danger"
              className="btn--small"
              pending={pending}
              aria-haspopup="dialog"
              aria-label={`Deactivate ${name}`}
              onClick={() => onChange('deactivate')}
            >
              Deactivate
            </Button>
          )}
        </>
      }
    />
  );
}

type ConfirmChangeDialogProps = {
  confirming: { user: AdminUser; change: Change } | null;
  isMe: boolean;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
};

/** Promoting, demoting and deactivating ask first; the server's refusal (the last admin: 409) shows in the dialog. */
function ConfirmChangeDialog({ confirming, isMe, pending, error, onConfirm, onClose }: ConfirmChangeDialogProps) {
  const user = confirming?.user;
  const name = user ? user.displayName : '';
  const content: Record<Change, { title: string; body: string; confirm: string; tone: 'danger' | 'primary' }> = {
    promote: {
      title: `Make ${name} an admin?`,
      body: 'Admins can change the server settings, invite and deactivate people, and read the audit log.',
      confirm: 'Make admin',
      tone: 'primary',
    },
    demote: {
      title: isMe ? 'Stop being an admin?' : `Remove ${name} from the admins?`,
      body: isMe
        ? 'You will lose access to this administration at once. Another admin can make you an admin again.'
        : `${name} will no longer be able to administer this server.`,
      confirm: 'Remove admin',
      tone: 'danger',
    },
    deactivate: {
      title: isMe ? 'Deactivate your own account?' : `Deactivate ${name}?`,
      body: isMe
        ? 'You will be logged out everywhere at once and will not be able to log in until another admin reactivates you.'
        : `${name} will be logged out everywhere at once and cannot log in until reactivated. Their messages stay.`,
      confirm: 'Deactivate',
      tone: 'danger',
    },
    reactivate: { title: `Reactivate ${name}?`, body: '', confirm: 'Reactivate', tone: 'primary' },
  };
  const c = confirming ? content[confirming.change] : content.deactivate;
  return (
    <ConfirmDialog
      open={confirming !== null}
      title={c.title}
      confirmLabel={c.confirm}
      tone={c.tone}
      pending={pending}
      error={error}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <p>
        {c.body}
        {user && (
          <>
            {' '}
            <span className="muted">
              (@{user.username}, {user.email})
            </span>
          </>
        )}
      </p>
    </ConfirmDialog>
  );
}
