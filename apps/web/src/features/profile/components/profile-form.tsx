import { LIMITS, type DmPolicy, type Me } from '@chat/contracts';
import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Form } from '../../../components/form';
import { TextAreaField, TextField } from '../../../components/field';
import { RadioGroupField, type RadioOption } from '../../../components/radio-group';
import { localDateString } from '../../../lib/dates';
import { toFormErrors } from '../../../lib/errors';
import { countCodePoints } from '../../../lib/text';
import { useUpdateMe } from '../api/update-me';
import { draftFrom, profilePatch, type ProfileDraft } from '../utils/profile-draft';

const FIELDS = ['displayName', 'bio', 'birthdate', 'dmPolicy'] as const;

const DM_POLICY_OPTIONS: readonly RadioOption<DmPolicy>[] = [
  { value: 'friends', label: 'Friends only', description: 'Only your friends can start a conversation with you.' },
  { value: 'everyone', label: 'Everyone', description: 'Anyone can send you a direct message.' },
];

export type ProfileFormProps = {
  me: Me;
};

export function ProfileForm({ me }: ProfileFormProps) {
  const [draft, setDraft] = useState<ProfileDraft>(() => draftFrom(me));
  const mutation = useUpdateMe();
  const errors = toFormErrors(mutation.error, FIELDS);
  const patch = profilePatch(me, draft);
  const dirty = Object.keys(patch).length > 0;
  const bioLength = countCodePoints(draft.bio.trim());

  const edit = (key: Exclude<keyof ProfileDraft, 'dmPolicy'>) => (e: { target: { value: string } }) => {
    if (mutation.isSuccess) mutation.reset();
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  };

  const submit = () => {
    if (!dirty) return;
    mutation.mutate(patch, { onSuccess: (saved) => setDraft(draftFrom(saved)) });
  };

  return (
    <section className="card" aria-labelledby="profile-form-title">
      <h2 className="card__title" id="profile-form-title">
        Edit profile
      </h2>
      <p className="card__description">
        Logged in as <strong>{me.email}</strong>. Only you can see your email.
      </p>
      {errors.form && <Alert>{errors.form}</Alert>}
      {mutation.isSuccess && !dirty && <Alert tone="success">Your profile was saved.</Alert>}
      <Form onSubmit={submit} errors={mutation.error} aria-label="Edit profile">
        <TextField
          label="Display name"
          name="displayName"
          autoComplete="name"
          value={draft.displayName}
          onChange={edit('displayName')}
          error={errors.fields.displayName}
        />
        <TextAreaField
          label="Bio"
          name="bio"
          rows={4}
          value={draft.bio}
          onChange={edit('bio')}
          error={errors.fields.bio}
          hint={
            <span className={bioLength > LIMITS.bioMax ? 'counter counter--over' : 'counter'}>
              {bioLength} / {LIMITS.bioMax}
            </span>
          }
          placeholder="A few words about you"
        />
        <TextField
          label="Birthdate"
          name="birthdate"
          type="date"
          min="1900-01-01"
          max={localDateString()}
          value={draft.birthdate}
          onChange={edit('birthdate')}
          error={errors.fields.birthdate}
          hint="Optional. Shown on your profile."
        />
        <RadioGroupField
          label="Who can message you"
          name="dmPolicy"
          value={draft.dmPolicy}
          options={DM_POLICY_OPTIONS}
          onChange={(dmPolicy) => {
            if (mutation.isSuccess) mutation.reset();
            setDraft((d) => ({ ...d, dmPolicy }));
          }}
          error={errors.fields.dmPolicy}
        />
        <div className="form__actions">
          <Button type="submit" pending={mutation.isPending} disabled={!dirty}>
            Save changes
          </Button>
          {dirty && (
            <Button
              variant="ghost"
              onClick={() => {
                mutation.reset();
                setDraft(draftFrom(me));
              }}
            >
              Discard
            </Button>
          )}
        </div>
      </Form>
    </section>
  );
}
