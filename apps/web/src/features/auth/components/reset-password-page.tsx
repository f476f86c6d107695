import { LIMITS } from '@chat/contracts';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Form } from '../../../components/form';
import { TextField } from '../../../components/field';
import { isApiError } from '../../../lib/api-client';
import { toFormErrors } from '../../../lib/errors';
import { useConfirmPasswordReset } from '../api/password-reset';
import { AuthLayout } from './auth-layout';

const FIELDS = ['newPassword'] as const;

/** The page the mailed link opens: `/reset-password?token=...`. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const mutation = useConfirmPasswordReset();
  const errors = toFormErrors(mutation.error, FIELDS);
  const badToken = isApiError(mutation.error) && mutation.error.details.some((d) => d.field === 'token');

  const submit = () => {
    if (newPassword !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    mutation.mutate({ token, newPassword });
  };

  const footer = (
    <>
      <Link to="/login">Back to log in</Link>
    </>
  );

  if (!token) {
    return (
      <AuthLayout title="Choose a new password" footer={footer}>
        <Alert>
          This link is missing its token. Open the link from the email again, or <Link to="/forgot-password">ask for a new one</Link>.
        </Alert>
      </AuthLayout>
    );
  }

  if (mutation.isSuccess) {
    return (
      <AuthLayout title="Password changed" footer={null}>
        <Alert tone="success">Your password was changed and every device was logged out.</Alert>
        <Link to="/login" className="btn btn--primary btn--block">
          <span>Log in</span>
        </Link>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Choose a new password" subtitle="You will be logged out everywhere." footer={footer}>
      {badToken ? (
        <Alert>
          This link is invalid, was already used or has expired. <Link to="/forgot-password">Ask for a new link</Link>.
        </Alert>
      ) : (
        errors.form && <Alert>{errors.form}</Alert>
      )}
      <Form onSubmit={submit} errors={mismatch || mutation.error} aria-label="Choose a new password">
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          error={errors.fields.newPassword}
          hint={`At least ${LIMITS.passwordMin} characters.`}
          autoFocus
        />
        <TextField
          label="Repeat new password"
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          error={mismatch ? 'The two passwords do not match.' : undefined}
        />
        <Button type="submit" pending={mutation.isPending} className="btn--block">
          Set new password
        </Button>
      </Form>
    </AuthLayout>
  );
}
