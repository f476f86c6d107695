/**
 * Desktop notifications for messages in rooms that are not on screen, only after the person asked for them with a
 * button (browsers refuse a permission prompt nobody asked for). The choice is remembered on this device.
 */

const KEY = 'chat.desktopNotifications';
const listeners = new Set<() => void>();

export type DesktopNotificationsState = 'unsupported' | 'off' | 'on' | 'blocked';

function supported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window && window.isSecureContext;
}

function optedIn(): boolean {
  try {
    return localStorage.getItem(KEY) === 'on';
  } catch {
    return false;
  }
}

export function desktopNotificationsState(): DesktopNotificationsState {
  if (!supported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  return Notification.permission === 'granted' && optedIn() ? 'on' : 'off';
}

export function subscribeDesktopNotifications(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  listeners.forEach((l) => l());
}

/** Asks the browser (from a click) and remembers the opt-in. */
export async function enableDesktopNotifications(): Promise<DesktopNotificationsState> {
  if (!supported()) return 'unsupported';
  const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  try {
    if (permission === 'granted') localStorage.setItem(KEY, 'on');
  } catch {
    /* storage blocked: on for this page only */
  }
  changed();
  return desktopNotificationsState();
}

export function disableDesktopNotifications(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    /* nothing stored */
  }
  changed();
}

export interface DesktopNotice {
  title: string;
  body: string;
  /** One notification per room: a newer message replaces the older one. */
  tag: string;
  onClick: () => void;
}

export function showDesktopNotification({ title, body, tag, onClick }: DesktopNotice): void {
  if (desktopNotificationsState() !== 'on') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    /* some platforms only allow notifications from a service worker */
  }
}
