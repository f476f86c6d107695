import { useEffect } from 'react';
import { isOpenPathMessage } from '../sw/push-notice';

/** The service worker's URL: vite-plugin-pwa builds src/sw/service-worker.ts there. */
export const SERVICE_WORKER_URL = '/service-worker.js';

/** Production builds register the service worker; a development server has none (its files change at every edit). */
export function serviceWorkerExpected(): boolean {
  return import.meta.env.PROD && typeof navigator !== 'undefined' && 'serviceWorker' in navigator;
}

/** Registers the app's service worker (the offline app shell, pushes) once the page has loaded. */
export function registerServiceWorker(): void {
  if (!serviceWorkerExpected()) return;
  const register = () => void navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' }).catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/**
 * A click on a push notification focuses a window of the app, and the service worker asks it to open the message:
 * routed here without a reload.
 */
export function useServiceWorkerOpenPaths(open: (path: string) => void): void {
  useEffect(() => {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    const container = navigator.serviceWorker;
    const onMessage = (event: MessageEvent) => {
      if (event.origin && event.origin !== window.location.origin) return;
      if (isOpenPathMessage(event.data)) open(event.data.path);
    };
    container.addEventListener('message', onMessage);
    return () => container.removeEventListener('message', onMessage);
  }, [open]);
}
