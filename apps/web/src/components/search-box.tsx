import { useRef, type InputHTMLAttributes } from 'react';
import { CloseIcon, SearchIcon } from './icons';
import { Spinner } from './spinner';
import './search-box.css';

export type SearchBoxProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'className' | 'type'> & {
  id: string;
  /** Read by screen readers (the box shows only its placeholder). */
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A search is on its way (or about to start): a spinner says "Searching…". */
  busy: boolean;
  /** A class of the caller's on the box, beside `search-box`. */
  className?: string;
};

/** A page's search field (role="search"): an icon, the input, and at its end a spinner while searching and a clear button. */
export function SearchBox({ id, label, value, onChange, busy, className, ...input }: SearchBoxProps) {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <div className={`search-box${className ? ` ${className}` : ''}`} role="search">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <SearchIcon className="search-box__icon" />
      <input
        id={id}
        ref={ref}
        className="input search-box__input"
        type="search"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...input}
      />
      <span className="search-box__end">
        {busy && (
          <span className="search-box__spinner">
            <Spinner label="Searching…" />
          </span>
        )}
        {value && (
          <button
            type="button"
            className="search-box__clear"
            aria-label="Clear search"
            onClick={() => {
              onChange('');
              ref.current?.focus();
            }}
          >
            <CloseIcon width={16} height={16} />
          </button>
        )}
      </span>
    </div>
  );
}
