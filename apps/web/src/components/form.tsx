import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

export type FormProps = {
  onSubmit: () => void;
  /** Changes whenever a new set of errors arrives; the first invalid field then takes focus. */
  errors?: unknown;
  className?: string;
  'aria-label'?: string;
  children: ReactNode;
};

/**
 * A form validated by the server: no browser bubbles (`noValidate`), so every message comes from the API's
 * `details` and shows beside its field. Focus moves to the first field in error so it is read out.
 */
export function Form({ onSubmit, errors, className, children, ...rest }: FormProps) {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!errors) return;
    ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form ref={ref} noValidate onSubmit={handleSubmit} className={`form${className ? ` ${className}` : ''}`} {...rest}>
      {children}
    </form>
  );
}
