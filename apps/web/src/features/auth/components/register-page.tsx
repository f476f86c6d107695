import { LIMITS, type RegistrationMode } from '@chat/contracts';
import { useState, type ChangeEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Form } from '../../../components/form';
import { TextField } from '../../../components/field';
import { Loading } from '../../../components/spinner';
import { isApiError } from '../../../lib/api-client';
import { describeError, toFormErrors } from '../../../lib/errors';
import { useServerInfo } from '../../../lib/server-info';
import { useRegister } from '../api/register';
import { inviteCodeFrom } from '../utils/invite-code';
import { AuthLayout } from './auth-layout';

const FIELDS = ['inviteCode', 'username', 'email', 'password', 'displayName'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

const TITLE = 'Create your account';

/** What a person left empty, said before anything is sent (the server would only say what the pattern wants). */
function missing(form: Values, needsInvite: boolean): Partial<Record<Field, string>> | null {
  const out: Partial<Record<Field, string>> = {};
  if (needsInvite && !inviteCodeFrom(form.inviteCode)) out.inviteCode = 'Enter the invite code from your invite link.';
  if (!form.username.trim()) out.username = 'Choose a username.';
  if (!form.email.trim()) out.email = 'Enter your email address.';
  if (!form.password) out.password = 'Choose a password.';
  return Object.keys(out).length > 0 ? out : null;
}

/** A 403 about the invite code belongs beside the code field, in words that say what to do. */
function inviteRefusal(error: unknown): string | undefined {
  if (!isApiError(error) || error.code !== 'FORBIDDEN' || !/invite/i.test(error.message)) return undefined;
  return /needs/i.test(error.message)
    ? 'Enter the invite code from your invite link.'
    : 'This invite code does not work: it is unknown, used up, expired or revoked. Ask an admin for a new invite link.';
}

/**
 * `/register` (and `/invite/:code`, which lands here with `?invite=`): what it offers follows the server's sign-up
 * mode (`GET /server`). Open: the form. Invite: the form with a required invite code, filled in from the link.
 * Closed: no form, a notice and the way to log in. A new server's very first account needs neither an invite nor an
 * open sign-up (it becomes the admin), and `GET /server` cannot say whether the server has accounts: so invite and
 * closed servers also offer "setting up a new server?", which shows the plain form (the server refuses it with 403 once
 * there is an account).
 */
export function RegisterPage() {
  const server = useServerInfo();
  const [params] = useSearchParams();
  const inviteFromUrl = inviteCodeFrom(params.get('invite') ?? '');
  const [firstAccount, setFirstAccount] = useState(false);

  if (server.isPending) {
    return (
      <AuthLayout title={TITLE}>
        <Loading label="Checking whether this server accepts sign-ups…" />
      </AuthLayout>
    );
  }
  if (server.data?.registration === 'closed' && !firstAccount) {
    return <SignUpClosed serverName={server.data.name} hadInvite={inviteFromUrl !== ''} onFirstAccount={() => setFirstAccount(true)} />;
  }
  // When the mode could not be read, the form is offered (the server decides) with the code field if a link gave one.
  const mode = firstAccount ? 'open' : (server.data?.registration ?? (inviteFromUrl ? 'invite' : 'open'));
  return (
    <RegisterForm
      mode={mode as Exclude<RegistrationMode, 'closed'>}
      firstAccount={firstAccount}
      onFirstAccount={inviteFromUrl ? undefined : () => setFirstAccount(true)}
      serverName={server.data?.name ?? null}
      initialInvite={inviteFromUrl}
      infoError={server.isError ? server.error : null}
      onRetryInfo={() => void server.refetch()}
    />
  );
}

type SignUpClosedProps = { serverName: string; hadInvite: boolean; onFirstAccount: () => void };

function SignUpClosed({ serverName, hadInvite, onFirstAccount }: SignUpClosedProps) {
  return (
    <AuthLayout
      title="Sign-up is closed"
      subtitle={`${serverName} is not accepting new accounts right now.`}
      footer={
        <>
          Already have an account? <Link to="/login">Log in</Link>
        </>
      }
    >
      <Alert tone="info">
        {hadInvite ? 'Invite links do not work while sign-up is closed. ' : ''}
        If you need an account, ask an admin of this server to open sign-up or to send you an invite link.
      </Alert>
      <Link to="/login" className="btn btn--primary btn--block">
        <span>Go to log in</span>
      </Link>
      <FirstAccountOffer onFirstAccount={onFirstAccount} />
    </AuthLayout>
  );
}

/** The way to a new server's first account, for servers whose sign-up is not open. */
function FirstAccountOffer({ onFirstAccount }: { onFirstAccount: () => void }) {
  return (
    <p className="auth__aside">
      Setting up a new server?{' '}
      <Button variant="ghost" className="btn--small" onClick={onFirstAccount}>
        Create its first account
      </Button>
    </p>
  );
}

type RegisterFormProps = {
  mode: Exclude<RegistrationMode, 'closed'>;
  /** The person said they set up a new server: its first account, which needs no invite. */
  firstAccount: boolean;
  /** Offered on an invite-only server when no invite link was given. */
  onFirstAccount?: () => void;
  serverName: string | null;
  initialInvite: string;
  /** `GET /server` failed: said above the form, with a way to try again. */
  infoError: unknown;
  onRetryInfo: () => void;
};

function RegisterForm({ mode, firstAccount, onFirstAccount, serverName, initialInvite, infoError, onRetryInfo }: RegisterFormProps) {
  const navigate = useNavigate();
  const [form, setForm] = useState<Values>({ inviteCode: initialInvite, username: '', email: '', displayName: '', password: '' });
  const mutation = useRegister();
  const [empty, setEmpty] = useState<Partial<Record<Field, string>> | null>(null);
  const needsInvite = mode === 'invite';
  const refusal = needsInvite ? inviteRefusal(mutation.error) : undefined;
  const serverErrors = refusal ? { fields: { inviteCode: refusal }, form: null } : toFormErrors(mutation.error, FIELDS);
  const errors = empty ? { fields: empty, form: null } : serverErrors;
  const set = (key: Field) => (e: ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = () => {
    const left = missing(form, needsInvite);
    setEmpty(left);
    if (left) {
      mutation.reset();
      return;
    }
    const displayName = form.displayName.trim();
    const inviteCode = inviteCodeFrom(form.inviteCode);
    mutation.mutate(
      {
        username: form.username,
        email: form.email,
        password: form.password,
        ...(displayName ? { displayName } : {}),
        ...(needsInvite && inviteCode ? { inviteCode } : {}),
      },
      { onSuccess: () => navigate('/profile', { replace: true, state: { welcome: true } }) },
    );
  };

  const place = serverName ?? 'this server';
  return (
    <AuthLayout
      title={TITLE}
      subtitle={
        firstAccount
          ? `Set up ${place}: its first account becomes the server's admin.`
          : needsInvite
            ? `${place} is invite-only: you need an invite link from one of its admins.`
            : `Join ${place}. Pick a username people can find you by.`
      }
      footer={
        <>
          Already have an account? <Link to="/login">Log in</Link>
        </>
      }
    >
      {Boolean(infoError) && (
        <Alert
          action={
            <Button variant="secondary" className="btn--small" onClick={onRetryInfo}>
              Try again
            </Button>
          }
        >
          Could not check how this server accepts sign-ups. {describeError(infoError)}
        </Alert>
      )}
      {firstAccount && (
        <Alert tone="info">Only a new server's very first account needs no invite. Once the server has accounts, this is refused.</Alert>
      )}
      {errors.form && <Alert>{errors.form}</Alert>}
      <Form onSubmit={submit} errors={empty ?? mutation.error} aria-label="Create an account">
        {needsInvite && (
          <TextField
            label="Invite code"
            name="inviteCode"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={form.inviteCode}
            onChange={set('inviteCode')}
            error={errors.fields.inviteCode}
            hint={
              initialInvite
                ? 'Filled in from your invite link.'
                : 'Open the invite link you were sent, or paste the link or its code here. Codes are case-sensitive.'
            }
            autoFocus={!initialInvite}
          />
        )}
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={form.username}
          onChange={set('username')}
          error={errors.fields.username}
          hint={`${LIMITS.usernameMin}–${LIMITS.usernameMax} letters, digits, "_", "." or "-".`}
          autoFocus={!needsInvite || Boolean(initialInvite)}
        />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          value={form.email}
          onChange={set('email')}
          error={errors.fields.email}
        />
        <TextField
          label="Display name"
          name="displayName"
          autoComplete="name"
          value={form.displayName}
          onChange={set('displayName')}
          error={errors.fields.displayName}
          hint="Optional. Shown instead of your username."
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={set('password')}
          error={errors.fields.password}
          hint={`At least ${LIMITS.passwordMin} characters.`}
        />
        <Button type="submit" pending={mutation.isPending} className="btn--block">
          Create account
        </Button>
      </Form>
      {needsInvite && onFirstAccount && <FirstAccountOffer onFirstAccount={onFirstAccount} />}
    </AuthLayout>
  );
}
