import type { ReactNode } from 'react';

export type AlertProps = {
  tone?: 'error' | 'success' | 'info';
  title?: string;
  children: ReactNode;
  /** An action such as "Try again". */
  action?: ReactNode;
};

/** Errors are announced at once (role="alert"); successes and notes politely (role="status"). */
export function Alert({ tone = 'error', title, children, action }: AlertProps) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="alert__body">
        {title && <p className="alert__title">{title}</p>}
        <div>{children}</div>
      </div>
      {action && <div className="alert__action">{action}</div>}
    </div>
  );
}
