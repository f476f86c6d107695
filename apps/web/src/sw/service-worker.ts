/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { parsePushPayload, PUSH_ICON, pushNotice, type NoticeData, type OpenPathMessage, type PushNotice } from './push-notice';

/**
 * The app's service worker (vite-plugin-pwa, injectManifest): the app shell precached so the app opens offline (every
 * navigation answers with index.html, except the API's and the socket's paths), pushes shown as notifications, one
 * per room, and a click on one focusing a window of the app at that message, or opening one.
 */
declare const self: ServiceWorkerGlobalScope;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//, /^\/socket\.io\//] }));

// A new version takes over at once (the app has no update prompt; its next navigation loads the new files).
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  const payload = parsePushPayload(event.data?.text());
  // A push the browser must show something for (userVisibleOnly): one this app cannot read says so plainly.
  const notice = payload ? pushNotice(payload, Date.now()) : null;
  event.waitUntil(notice ? show(notice) : self.registration.showNotification('New message', { icon: PUSH_ICON, tag: 'unknown' }));
});

/** Shows a push, with the sender's picture when it loads (it needs the file cookie), else the app icon. */
async function show(notice: PushNotice): Promise<void> {
  let icon = notice.options.icon;
  if (icon !== PUSH_ICON) {
    try {
      const res = await fetch(icon, { credentials: 'same-origin', signal: AbortSignal.timeout(3_000) });
      if (!res.ok || !(res.headers.get('Content-Type') ?? '').startsWith('image/')) icon = PUSH_ICON;
    } catch {
      icon = PUSH_ICON;
    }
  }
  await self.registration.showNotification(notice.title, { ...notice.options, icon } as NotificationOptions);
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as Partial<NoticeData> | null;
  const path = typeof data?.path === 'string' && data.path.startsWith('/rooms/') ? data.path : '/';
  event.waitUntil(openApp(path));
});

async function openApp(path: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const own = windows.filter((w) => new URL(w.url).origin === self.location.origin);
  const target = own.find((w) => w.focused) ?? own.find((w) => w.visibilityState === 'visible') ?? own[0];
  if (target) {
    const focused = await target.focus();
    const message: OpenPathMessage = { type: 'chat:open', path };
    focused.postMessage(message);
    return;
  }
  await self.clients.openWindow(path);
}
