import { LIMITS, type Room } from '@chat/contracts';
import { useState } from 'react';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { TextAreaField, TextField } from '../../../components/field';
import { Form } from '../../../components/form';
import { PictureField } from '../../../components/picture-field';
import { toFormErrors } from '../../../lib/errors';
import { countCodePoints } from '../../../lib/text';
import { useUpdateRoom } from '../api/update-room';
import { roomDraftFrom, roomPatch, type RoomDraft } from '../utils/room-draft';
import { VisibilityField } from './visibility-field';

const FIELDS = ['name', 'description', 'visibility'] as const;

export type RoomSettingsFormProps = {
  room: Room;
  /** After saving or cancelling. */
  onDone: () => void;
};

/** Admins and owners edit the name, description and visibility; only what changed is sent. */
export function RoomSettingsForm({ room, onDone }: RoomSettingsFormProps) {
  const [draft, setDraft] = useState<RoomDraft>(() => roomDraftFrom(room));
  const update = useUpdateRoom(room.id);
  // Pictures are saved as soon as they are chosen, apart from the form's fields.
  const pictures = useUpdateRoom(room.id);
  const errors = toFormErrors(update.error, FIELDS);
  const patch = roomPatch(room, draft);
  const dirty = Object.keys(patch).length > 0;
  const descriptionLength = countCodePoints(draft.description.trim());

  const edit = (key: 'name' | 'description') => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));

  return (
    <Form onSubmit={() => (dirty ? update.mutate(patch, { onSuccess: onDone }) : onDone())} errors={update.error} aria-label="Edit room">
      {errors.form && <Alert>{errors.form}</Alert>}
      <PictureField
        label="Room picture"
        shape="avatar"
        url={room.avatarUrl}
        onSave={(avatarFileId) => pictures.mutateAsync({ avatarFileId })}
      />
      <PictureField label="Cover" shape="cover" url={room.coverUrl} onSave={(coverFileId) => pictures.mutateAsync({ coverFileId })} />
      <TextField label="Name" name="name" value={draft.name} onChange={edit('name')} error={errors.fields.name} autoComplete="off" />
      <TextAreaField
        label="Description"
        name="description"
        rows={3}
        value={draft.description}
        onChange={edit('description')}
        error={errors.fields.description}
        hint={
          <span className={descriptionLength > LIMITS.roomDescriptionMax ? 'counter counter--over' : 'counter'}>
            {descriptionLength} / {LIMITS.roomDescriptionMax}
          </span>
        }
      />
      <VisibilityField
        value={draft.visibility}
        onChange={(visibility) => setDraft((d) => ({ ...d, visibility }))}
        error={errors.fields.visibility}
      />
      <div className="form__actions">
        <Button type="submit" className="btn--small" pending={update.isPending} disabled={!dirty}>
          Save changes
        </Button>
        <Button variant="ghost" className="btn--small" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </Form>
  );
}
