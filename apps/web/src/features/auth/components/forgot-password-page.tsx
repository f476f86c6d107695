import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Form } from '../../../components/form';
import { TextField } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { useRequestPasswordReset } from '../api/password-reset';
import { AuthLayout } from './auth-layout';

const FIELDS = ['email'] as const;

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const mutation = useRequestPasswordReset();
  const errors = toFormErrors(mutation.error, FIELDS);

  return (
    <AuthLayout
      title="Reset your password"
      subtitle="Enter the email of your account and we will send you a link to choose a new password."
      footer={
        <>
          Remembered it? <Link to="/login">Back to log in</Link>
        </>
      }
    >
      {mutation.isSuccess ? (
        <Alert tone="success" title="Check your inbox">
          If an account exists for that email, a link to reset the password was sent. It works once, within 30 minutes.
        </Alert>
      ) : (
        <>
          {errors.form && <Alert>{errors.form}</Alert>}
          <Form onSubmit={() => mutation.mutate({ email })} errors={mutation.error} aria-label="Request a password reset link">
            <TextField
              label="Email"
              name="email"
              type="email"
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={errors.fields.email}
              autoFocus
            />
            <Button type="submit" pending={mutation.isPending} className="btn--block">
              Send reset link
            </Button>
          </Form>
        </>
      )}
    </AuthLayout>
  );
}
