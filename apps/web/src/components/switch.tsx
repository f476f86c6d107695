import type { ReactNode } from 'react';
import { Switch as AriaSwitch } from 'react-aria-components';
import './switch.css';

export type SwitchFieldProps = {
  label: string;
  /** A sentence under the label saying what the switch does. */
  description?: ReactNode;
  isSelected: boolean;
  onChange: (selected: boolean) => void;
  isDisabled?: boolean;
};

/** An on/off setting (React Aria's Switch: a labelled checkbox with the switch role, Space toggles it). */
export function SwitchField({ label, description, isSelected, onChange, isDisabled }: SwitchFieldProps) {
  return (
    <AriaSwitch className="switch" isSelected={isSelected} onChange={onChange} isDisabled={isDisabled}>
      <span className="switch__text">
        <span className="switch__label">{label}</span>
        {description && <span className="switch__description">{description}</span>}
      </span>
      <span className="switch__track" aria-hidden="true">
        <span className="switch__thumb" />
      </span>
    </AriaSwitch>
  );
}
