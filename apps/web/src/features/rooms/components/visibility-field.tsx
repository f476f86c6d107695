import type { RoomVisibility } from '@chat/contracts';
import { GlobeIcon, LockIcon } from '../../../components/icons';
import { RadioGroupField, type RadioOption } from '../../../components/radio-group';

const OPTIONS: readonly RadioOption<RoomVisibility>[] = [
  {
    value: 'private',
    label: 'Private',
    description: 'Only people invited by an admin can join.',
    icon: <LockIcon width={18} height={18} />,
  },
  {
    value: 'public',
    label: 'Public',
    description: 'Anyone can find it and join. Members can invite friends.',
    icon: <GlobeIcon width={18} height={18} />,
  },
];

export type VisibilityFieldProps = {
  value: RoomVisibility;
  onChange: (value: RoomVisibility) => void;
  error?: string;
};

export function VisibilityField({ value, onChange, error }: VisibilityFieldProps) {
  return <RadioGroupField label="Visibility" name="visibility" value={value} options={OPTIONS} onChange={onChange} error={error} />;
}
