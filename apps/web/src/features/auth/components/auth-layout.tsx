import type { ReactNode } from 'react';
import { Brand } from '../../../components/brand';
import { useDocumentTitle } from '../../../lib/use-document-title';
import '../auth.css';

export type AuthLayoutProps = {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
};

/** The centred card every logged-out page uses. */
export function AuthLayout({ title, subtitle, children, footer }: AuthLayoutProps) {
  useDocumentTitle(title);
  return (
    <main className="auth" id="main">
      <div className="auth__card">
        <div className="auth__brand">
          <Brand />
        </div>
        <h1 className="auth__title">{title}</h1>
        {subtitle && <p className="auth__subtitle">{subtitle}</p>}
        {children}
      </div>
      {footer && <p className="auth__footer">{footer}</p>}
    </main>
  );
}
