import { LIMITS } from '@chat/contracts';
import { useState, type ChangeEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Form } from '../../../components/form';
import { TextField } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { useRegister } from '../api/register';
import { AuthLayout } from './auth-layout';

const FIELDS = ['username', 'email', 'password', 'displayName'] as const;
type Field = (typeof FIELDS)[number];

/** What a person left empty, said before anything is sent (the server would only say what the pattern wants). */
function missing(form: Record<Field, string>): Partial<Record<Field, string>> | null {
  const out: Partial<Record<Field, string>> = {};
  if (!form.username.trim()) out.username = 'Choose a username.';
  if (!form.email.trim()) out.email = 'Enter your email address.';
  if (!form.password) out.password = 'Choose a password.';
  return Object.keys(out).length > 0 ? out : null;
}

export function RegisterPage() {
  const navigate = useNavigate();
  const [form, setForm] = useState({ username: '', email: '', displayName: '', password: '' });
  const mutation = useRegister();
  const [empty, setEmpty] = useState<Partial<Record<Field, string>> | null>(null);
  const serverErrors = toFormErrors(mutation.error, FIELDS);
  const errors = empty ? { fields: empty, form: null } : serverErrors;
  const set = (key: keyof typeof form) => (e: ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = () => {
    const left = missing(form);
    setEmpty(left);
    if (left) {
      mutation.reset();
      return;
    }
    const displayName = form.displayName.trim();
    mutation.mutate(
      { username: form.username, email: form.email, password: form.password, ...(displayName ? { displayName } : {}) },
      { onSuccess: () => navigate('/profile', { replace: true, state: { welcome: true } }) },
    );
  };

  return (
    <AuthLayout
      title="Create your account"
      subtitle="Pick a username people can find you by."
      footer={
        <>
          Already have an account? <Link to="/login">Log in</Link>
        </>
      }
    >
      {errors.form && <Alert>{errors.form}</Alert>}
      <Form onSubmit={submit} errors={empty ?? mutation.error} aria-label="Create an account">
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
          autoFocus
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
    </AuthLayout>
  );
}
