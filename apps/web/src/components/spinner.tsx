export type SpinnerProps = {
  size?: 'small' | 'large';
  /** Announced to screen readers; omit inside a button that already says what is happening. */
  label?: string;
};

export function Spinner({ size = 'small', label }: SpinnerProps) {
  return (
    <span className={`spinner spinner--${size}`} role={label ? 'status' : undefined} aria-hidden={label ? undefined : true}>
      {label && <span className="visually-hidden">{label}</span>}
    </span>
  );
}

export type LoadingProps = { label?: string };

/** A centred spinner for a pane whose data is on its way. */
export function Loading({ label = 'Loading…' }: LoadingProps) {
  return (
    <div className="loading">
      <Spinner size="large" label={label} />
    </div>
  );
}
