import { useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Form } from '../../../components/form';
import { TextField } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { safeNextPath } from '../../../lib/safe-redirect';
import { useServerInfo } from '../../../lib/server-info';
import { useLogin } from '../api/login';
import { AuthLayout } from './auth-layout';

const FIELDS = ['login', 'password'] as const;

export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const [loginValue, setLoginValue] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useLogin();
  const errors = toFormErrors(mutation.error, FIELDS);
  const state = location.state as { sessionEnded?: boolean; accountDeleted?: boolean } | null;
  const sessionEnded = state?.sessionEnded === true;
  const accountDeleted = state?.accountDeleted === true;
  // Sign-up is offered unless the server says it is closed (while it is unknown, the link stays).
  const signUpClosed = useServerInfo().data?.registration === 'closed';

  const submit = () => {
    mutation.mutate({ login: loginValue, password }, { onSuccess: () => navigate(safeNextPath(params.get('next')), { replace: true }) });
  };

  return (
    <AuthLayout
      title="Welcome back"
      subtitle="Log in with your email or username."
      footer={
        signUpClosed ? undefined : (
          <>
            New here? <Link to="/register">Create an account</Link>
          </>
        )
      }
    >
      {sessionEnded && !mutation.error && <Alert tone="info">Your session has ended. Log in again to continue.</Alert>}
      {accountDeleted && !mutation.error && <Alert tone="success">Your account was deleted.</Alert>}
      {errors.form && <Alert>{errors.form}</Alert>}
      <Form onSubmit={submit} errors={mutation.error} aria-label="Log in">
        <TextField
          label="Email or username"
          name="login"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={loginValue}
          onChange={(e) => setLoginValue(e.target.value)}
          error={errors.fields.login}
          autoFocus
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
        />
        <div className="form__row form__row--end">
          <Link to="/forgot-password" className="link-small">
            Forgot your password?
          </Link>
        </div>
        <Button type="submit" pending={mutation.isPending} className="btn--block">
          Log in
        </Button>
      </Form>
    </AuthLayout>
  );
}
