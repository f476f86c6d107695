import type { Me } from '@chat/contracts';
import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { TextField } from '../../../components/field';
import { Form } from '../../../components/form';
import { toFormErrors } from '../../../lib/errors';
import { useDeleteAccount } from '../api/delete-account';

const FIELDS = ['password'] as const;

export type DeleteAccountCardProps = { me: Me };

/** The last card of the profile: deleting the account, confirmed with the password in a dialog. */
export function DeleteAccountCard({ me }: DeleteAccountCardProps) {
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby="delete-account-title">
      <h2 className="card__title" id="delete-account-title">
        Delete account
      </h2>
      <p className="card__description">
        Your username and email are freed and your profile shows as “Deleted user”. Your messages stay in their conversations. This cannot
        be undone.
      </p>
      <div className="form__actions">
        <Button variant="danger" aria-haspopup="dialog" onClick={() => setOpen(true)}>
          Delete my account
        </Button>
      </div>
      <Dialog open={open} onClose={() => setOpen(false)} title="Delete your account?">
        <DeleteAccountForm me={me} onCancel={() => setOpen(false)} />
      </Dialog>
    </section>
  );
}

type DeleteAccountFormProps = { me: Me; onCancel: () => void };

/** Inside the dialog, so it starts afresh each time it opens. */
function DeleteAccountForm({ me, onCancel }: DeleteAccountFormProps) {
  const [password, setPassword] = useState('');
  const [empty, setEmpty] = useState(false);
  const mutation = useDeleteAccount();
  const errors = empty ? { fields: { password: 'Enter your password.' }, form: null } : toFormErrors(mutation.error, FIELDS);

  const submit = () => {
    setEmpty(password === '');
    if (password === '') {
      mutation.reset();
      return;
    }
    mutation.mutate(password);
  };

  return (
    <>
      <div className="dialog__body">
        <p>
          This deletes the account <strong>@{me.username}</strong> and logs you out on every device.
        </p>
        {me.serverRole === 'admin' && (
          <p>You are an admin of this server. If nobody else is, make someone else an admin first, or the server is left without one.</p>
        )}
      </div>
      {errors.form && <Alert>Could not delete your account. {errors.form}</Alert>}
      <Form onSubmit={submit} errors={empty || mutation.error} aria-label="Delete your account">
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
          hint="To confirm it is you."
          data-autofocus
        />
        <div className="dialog__actions">
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" pending={mutation.isPending}>
            Delete my account
          </Button>
        </div>
      </Form>
    </>
  );
}
