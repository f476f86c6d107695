import { LIMITS } from '@chat/contracts';
import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Form } from '../../../components/form';
import { TextField } from '../../../components/field';
import { toFormErrors } from '../../../lib/errors';
import { useChangePassword } from '../api/change-password';

const FIELDS = ['currentPassword', 'newPassword'] as const;
const EMPTY = { currentPassword: '', newPassword: '', confirm: '' };

export function ChangePasswordForm() {
  const [values, setValues] = useState(EMPTY);
  const [mismatch, setMismatch] = useState(false);
  const mutation = useChangePassword();
  const errors = toFormErrors(mutation.error, FIELDS);

  const edit = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => {
    if (mutation.isSuccess) mutation.reset();
    setValues((v) => ({ ...v, [key]: e.target.value }));
  };

  const submit = () => {
    const isMismatch = values.newPassword !== values.confirm;
    setMismatch(isMismatch);
    if (isMismatch) return;
    mutation.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword }, { onSuccess: () => setValues(EMPTY) });
  };

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 className="card__title" id="password-title">
        Password
      </h2>
      <p className="card__description">Changing it logs out your other devices.</p>
      {errors.form && <Alert>{errors.form}</Alert>}
      {mutation.isSuccess && <Alert tone="success">Your password was changed. Your other devices were logged out.</Alert>}
      <Form onSubmit={submit} errors={mismatch || mutation.error} aria-label="Change password">
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={edit('currentPassword')}
          error={errors.fields.currentPassword}
        />
        <div className="form__grid">
          <TextField
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            value={values.newPassword}
            onChange={edit('newPassword')}
            error={errors.fields.newPassword}
            hint={`At least ${LIMITS.passwordMin} characters.`}
          />
          <TextField
            label="Repeat new password"
            name="confirm"
            type="password"
            autoComplete="new-password"
            value={values.confirm}
            onChange={edit('confirm')}
            error={mismatch ? 'The two passwords do not match.' : undefined}
          />
        </div>
        <div className="form__actions">
          <Button type="submit" pending={mutation.isPending}>
            Change password
          </Button>
        </div>
      </Form>
    </section>
  );
}
