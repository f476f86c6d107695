import { SERVER_NAME_MAX, type RegistrationMode, type RoomCreationPolicy, type ServerSettings } from '@chat/contracts';
import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { TextField } from '../../../components/field';
import { Form } from '../../../components/form';
import { QueryView } from '../../../components/query-view';
import { RadioGroupField, type RadioOption } from '../../../components/radio-group';
import { toFormErrors } from '../../../lib/errors';
import { useServerSettings, useUpdateServerSettings } from '../api/settings';

const FIELDS = ['name', 'registration', 'roomCreation'] as const;

const REGISTRATION_OPTIONS: readonly RadioOption<RegistrationMode>[] = [
  { value: 'open', label: 'Open', description: 'Anyone who reaches this server can create an account.' },
  {
    value: 'invite',
    label: 'Invite only',
    description: 'People need an invite link, which admins make on the Invite links tab.',
  },
  { value: 'closed', label: 'Closed', description: 'Nobody can create an account, not even with an invite link.' },
];

const ROOM_CREATION_OPTIONS: readonly RadioOption<RoomCreationPolicy>[] = [
  { value: 'everyone', label: 'Everyone', description: 'Every member of the server can create rooms.' },
  { value: 'admins', label: 'Server admins only', description: 'Others can still join rooms and chat directly.' },
];

/** The first tab: the server's name, who may sign up and who may create rooms, saved together. */
export function SettingsTab() {
  const settings = useServerSettings();
  return (
    <QueryView query={settings} loadingLabel="Loading the settings…" errorText="Could not load the server settings.">
      {(data) => <SettingsForm settings={data} />}
    </QueryView>
  );
}

type SettingsFormProps = { settings: ServerSettings };

function SettingsForm({ settings }: SettingsFormProps) {
  const [values, setValues] = useState<ServerSettings>(settings);
  const mutation = useUpdateServerSettings();
  const errors = toFormErrors(mutation.error, FIELDS);
  const edit = (patch: Partial<ServerSettings>) => {
    if (mutation.isSuccess || mutation.isError) mutation.reset();
    setValues((v) => ({ ...v, ...patch }));
  };

  return (
    <section className="card" aria-labelledby="admin-settings-title">
      <h2 className="card__title" id="admin-settings-title">
        Server settings
      </h2>
      <p className="card__description">Changes apply at once, for everyone, and are recorded in the audit log.</p>
      {errors.form && <Alert>Could not save the settings. {errors.form}</Alert>}
      {mutation.isSuccess && <Alert tone="success">The settings were saved.</Alert>}
      <Form onSubmit={() => mutation.mutate(values)} errors={mutation.error} aria-label="Server settings">
        <TextField
          label="Server name"
          name="name"
          value={values.name}
          onChange={(e) => edit({ name: e.target.value })}
          error={errors.fields.name}
          hint={`Shown on the sign-up page. Up to ${SERVER_NAME_MAX} characters.`}
          maxLength={SERVER_NAME_MAX * 2}
        />
        <RadioGroupField
          label="Who can sign up"
          name="registration"
          value={values.registration}
          options={REGISTRATION_OPTIONS}
          onChange={(registration) => edit({ registration })}
          error={errors.fields.registration}
        />
        <RadioGroupField
          label="Who can create rooms"
          name="roomCreation"
          value={values.roomCreation}
          options={ROOM_CREATION_OPTIONS}
          onChange={(roomCreation) => edit({ roomCreation })}
          error={errors.fields.roomCreation}
        />
        <div className="form__actions">
          <Button type="submit" pending={mutation.isPending}>
            Save settings
          </Button>
        </div>
      </Form>
    </section>
  );
}
