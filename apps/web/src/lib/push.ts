import type { PushSubscriptionDto, PushSubscriptionInfo } from '@chat/contracts';
import { api } from './api-client';
import { serviceWorkerExpected } from './service-worker';

/**
 * Web Push on this device (Contract v2 → Notifications): the browser's subscription, made with the server's VAPID
 * key through the app's service worker, and its copy on the server (`/push/subscriptions`), which pushes to it while
 * the app is closed. Shared by the notification settings (enable, disable) and logging out (which forgets this
 * device's subscription, so the next person on this browser gets nobody else's pushes).
 */

/** `unsupported`: no service worker or Push API here; `denied`: the browser blocks notifications for the site. */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

export function pushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

/** Waits for `promise`, or resolves null after `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return Promise.race([promise, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);
}

/**
 * The app's active service worker registration; on a first visit the worker registered at load may still be
 * installing (its precache downloading), so it is waited for. Null where there is none (a development server).
 */
async function registration(): Promise<ServiceWorkerRegistration | null> {
  if (!pushSupported()) return null;
  const reg = await navigator.serviceWorker.getRegistration();
  if (reg?.active) return reg;
  if (!reg && !serviceWorkerExpected()) return null;
  return within(navigator.serviceWorker.ready, 15_000);
}

export async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await registration();
  return reg ? reg.pushManager.getSubscription() : null;
}

export async function pushState(): Promise<PushState> {
  const reg = await registration();
  if (!reg) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const sub = await reg.pushManager.getSubscription();
  return sub && Notification.permission === 'granted' ? 'on' : 'off';
}

/** base64url (the server's key) to the bytes `applicationServerKey` takes. */
export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(value.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The subscription as the server takes it. */
export function subscriptionBody(sub: PushSubscription): PushSubscriptionDto {
  const json = sub.toJSON();
  return { endpoint: sub.endpoint, keys: { p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' } };
}

function sameKey(sub: PushSubscription, key: Uint8Array): boolean {
  const current = sub.options.applicationServerKey;
  if (!current) return false;
  const bytes = new Uint8Array(current);
  return bytes.length === key.length && bytes.every((b, i) => b === key[i]);
}

/**
 * From a click: asks the browser's permission, subscribes with the server's VAPID key (again when the key changed)
 * and hands the subscription to the server. Resolves with the state reached (`denied` when the person said no).
 */
export async function enablePush(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'off';
  const reg = await registration();
  if (!reg) return 'unsupported';
  const { key } = await api.get<{ key: string }>('/push/vapid-public-key');
  const applicationServerKey = base64UrlToBytes(key);
  let sub = await reg.pushManager.getSubscription();
  if (sub && !sameKey(sub, applicationServerKey)) {
    await sub.unsubscribe();
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
  await api.post<{ id: string }>('/push/subscriptions', subscriptionBody(sub));
  return 'on';
}

/** Deletes this device's subscription on the server (found by its endpoint); the browser's stays. */
async function forgetOnServer(endpoint: string): Promise<void> {
  const mine = await api.get<PushSubscriptionInfo[]>('/push/subscriptions');
  const found = mine.find((s) => s.endpoint === endpoint);
  if (found) await api.delete(`/push/subscriptions/${encodeURIComponent(found.id)}`);
}

/** Stops pushes to this device: the server forgets the subscription, then the browser drops it. */
export async function disablePush(): Promise<void> {
  const sub = await currentSubscription();
  if (!sub) return;
  await forgetOnServer(sub.endpoint);
  await sub.unsubscribe();
}

/**
 * Before logging out: this device's subscription goes from the server and the browser, so no push for this account
 * reaches whoever uses the browser next. Never throws (logging out goes on whatever happens here).
 */
export async function forgetPushBeforeLogout(): Promise<void> {
  try {
    // No waiting for a worker still installing: a subscription needs an active one, so there is none to forget then.
    const reg = pushSupported() ? await navigator.serviceWorker.getRegistration() : undefined;
    const sub = reg?.active ? await reg.pushManager.getSubscription() : null;
    if (!sub) return;
    await forgetOnServer(sub.endpoint).catch(() => undefined);
    await sub.unsubscribe();
  } catch {
    /* no service worker, or the browser refused: nothing to forget */
  }
}
