import { LIMITS, type RoomVisibility } from '@chat/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/alert';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { TextAreaField, TextField } from '../../../components/field';
import { Form } from '../../../components/form';
import { PlusIcon } from '../../../components/icons';
import { toFormErrors } from '../../../lib/errors';
import { countCodePoints } from '../../../lib/text';
import { useCreateRoom } from '../api/create-room';
import { VisibilityField } from './visibility-field';

const FIELDS = ['name', 'description', 'visibility'] as const;

type CreateRoomFormProps = { onClose: () => void };

function CreateRoomForm({ onClose }: CreateRoomFormProps) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<RoomVisibility>('private');
  const create = useCreateRoom();
  const navigate = useNavigate();
  const errors = toFormErrors(create.error, FIELDS);
  const descriptionLength = countCodePoints(description.trim());

  const submit = () =>
    create.mutate(
      { name, description, visibility },
      {
        onSuccess: (room) => {
          onClose();
          void navigate(`/rooms/${room.id}`);
        },
      },
    );

  return (
    <Form onSubmit={submit} errors={create.error} aria-label="Create a room">
      {errors.form && <Alert>{errors.form}</Alert>}
      <TextField
        label="Name"
        name="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.fields.name}
        autoComplete="off"
        placeholder="Book club"
        data-autofocus
      />
      <TextAreaField
        label="Description"
        name="description"
        rows={3}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={errors.fields.description}
        placeholder="What is this room about?"
        hint={
          <span className={descriptionLength > LIMITS.roomDescriptionMax ? 'counter counter--over' : 'counter'}>
            Optional. {descriptionLength} / {LIMITS.roomDescriptionMax}
          </span>
        }
      />
      <VisibilityField value={visibility} onChange={setVisibility} error={errors.fields.visibility} />
      <div className="dialog__actions">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" pending={create.isPending}>
          Create room
        </Button>
      </div>
    </Form>
  );
}

export type CreateRoomDialogProps = {
  open: boolean;
  onClose: () => void;
};

/** Name, description and visibility of a new room; the server's messages show beside the fields. Opens the room once made. */
export function CreateRoomDialog({ open, onClose }: CreateRoomDialogProps) {
  return (
    <Dialog open={open} onClose={onClose} title="Create a room" description="You will be its owner. You can change all of this later.">
      <CreateRoomForm onClose={onClose} />
    </Dialog>
  );
}

export type CreateRoomButtonProps = {
  variant?: 'primary' | 'secondary' | 'ghost';
  className?: string;
  label?: string;
};

/** A button that opens the create-room dialog, for any toolbar or sidebar. */
export function CreateRoomButton({ variant = 'primary', className, label = 'Create room' }: CreateRoomButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={variant} className={className} onClick={() => setOpen(true)} aria-haspopup="dialog">
        <span className="btn__icon-text">
          <PlusIcon width={18} height={18} />
          {label}
        </span>
      </Button>
      <CreateRoomDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}
