import type { ReactNode } from 'react';
import { useDocumentTitle } from '../lib/use-document-title';

export type PageProps = {
  title: string;
  description?: ReactNode;
  children: ReactNode;
};

/** The main pane's page: a heading that also names the tab, then the content. */
export function Page({ title, description, children }: PageProps) {
  useDocumentTitle(title);
  return (
    <div className="page">
      <header className="page__header">
        <h1 className="page__title">{title}</h1>
        {description && <p className="page__description">{description}</p>}
      </header>
      {children}
    </div>
  );
}
