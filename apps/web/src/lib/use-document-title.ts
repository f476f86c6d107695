import { useEffect } from 'react';

export const APP_NAME = 'Chat';

/** Sets the tab title to "<title> · Chat" while the calling page is shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ${APP_NAME}` : APP_NAME;
  }, [title]);
}
