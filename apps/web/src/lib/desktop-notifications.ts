/**
 * Desktop notifications for messages in rooms that are not on screen, only after the person asked for them with a
 * button (browsers refuse a permission prompt nobody asked for). The choice is remembered on this device.
 */

const KEY = 'chat.desktopNotifications';
const PROMPT_KEY = 'chat.desktopNotifications.prompt';
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

/**
 * Phones and tablets: a page's notifications do not reach them (only push does, through a service worker), so
 * nothing there offers them.
 */
export function isHandheld(): boolean {
  if (typeof window === 'undefined' || !window.matchMedia) return false;
  return window.matchMedia('(max-width: 720px), (pointer: coarse) and (hover: none)').matches;
}

/** Whether the one-time prompt was answered or dismissed on this device. */
export function desktopPromptDone(): boolean {
  try {
    return localStorage.getItem(PROMPT_KEY) === 'done';
  } catch {
    return true;
  }
}

export function finishDesktopPrompt(): void {
  try {
    localStorage.setItem(PROMPT_KEY, 'done');
  } catch {
    /* storage blocked: the prompt goes for this page only */
  }
  changed();
}

/** What the prompt shows: the offer once, where it can work; then never again (the profile page keeps the switch). */
export function desktopPromptVisible(): boolean {
  return !isHandheld() && desktopNotificationsState() === 'off' && !desktopPromptDone();
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

/** The notifications this page shows, by tag (a newer one of a tag replaces the older). */
const shown = new Map<string, Notification>();

export function showDesktopNotification({ title, body, tag, onClick }: DesktopNotice): void {
  if (desktopNotificationsState() !== 'on') return;
  try {
    const n = new Notification(title, { body, tag });
    shown.set(tag, n);
    n.onclose = () => {
      if (shown.get(tag) === n) shown.delete(tag);
    };
    n.onclick = () => {
      window.focus();
      onClick();
      n.close();
    };
  } catch {
    /* some platforms only allow notifications from a service worker */
  }
}

/** Closes this page's notification of that tag (its room was read, here or elsewhere). */
export function closeDesktopNotifications(tag: string): void {
  const n = shown.get(tag);
  if (!n) return;
  shown.delete(tag);
  n.close();
}
