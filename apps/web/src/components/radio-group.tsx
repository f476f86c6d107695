import { useId, type ReactNode } from 'react';
import './radio-group.css';

export type RadioOption<V extends string> = {
  value: V;
  label: string;
  description?: ReactNode;
  icon?: ReactNode;
};

export type RadioGroupFieldProps<V extends string> = {
  label: string;
  name: string;
  value: V;
  options: readonly RadioOption<V>[];
  onChange: (value: V) => void;
  /** What is wrong with the choice, a whole sentence (from `toFormErrors`). */
  error?: string;
  disabled?: boolean;
};

/** A choice between a few options, as a fieldset of radio cards (arrow keys move between them, as with any radios). */
export function RadioGroupField<V extends string>({ label, name, value, options, onChange, error, disabled }: RadioGroupFieldProps<V>) {
  const id = useId();
  return (
    <fieldset className={`radio-group${error ? ' radio-group--invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="field__label">{label}</legend>
      <div className="radio-group__options">
        {options.map((option) => (
          <label key={option.value} className={`radio-card${option.value === value ? ' radio-card--checked' : ''}`}>
            <input
              type="radio"
              className="radio-card__input"
              name={name}
              value={option.value}
              checked={option.value === value}
              onChange={() => onChange(option.value)}
              disabled={disabled}
              aria-invalid={error ? true : undefined}
            />
            {option.icon && <span className="radio-card__icon">{option.icon}</span>}
            <span className="radio-card__text">
              <span className="radio-card__label">{option.label}</span>
              {option.description && <span className="radio-card__description">{option.description}</span>}
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
