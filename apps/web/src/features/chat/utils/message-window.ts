import type { AroundPage, Message } from '@chat/contracts';
import type { InfiniteData } from '@tanstack/react-query';
import { preferred } from './message-pages';

/** A window of history around a message: pages oldest first, each ascending by seq. */
export type WindowPages = InfiniteData<AroundPage>;

/** Every message of a window, ascending, once each. */
export function flattenWindow(data: WindowPages | undefined): Message[] {
  if (!data) return [];
  const out: Message[] = [];
  const seen = new Set<string>();
  for (const page of data.pages) {
    for (const m of page.messages) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      out.push(m);
    }
  }
  return out;
}

/**
 * The window and the live history as one list, once they meet (nothing missing between the window's newest message
 * and the live history's oldest): the window's older part, then the live history, which the socket keeps current.
 * Null while a gap separates them (the view shows the window alone and pages forward).
 */
export function joinWindow(window: readonly Message[], live: readonly Message[], windowHasMoreAfter: boolean): Message[] | null {
  const liveFirst = live[0]?.seq;
  if (liveFirst === undefined) return windowHasMoreAfter ? null : [...window];
  const windowLast = window[window.length - 1]?.seq;
  if (windowLast === undefined) return [...live];
  if (windowLast + 1 < liveFirst) return null;
  return [...window.filter((m) => m.seq < liveFirst), ...live];
}

/** A message event into a window: it replaces the copy held (never adds one: the window only holds what it fetched). */
export function replaceInWindow(data: WindowPages, message: Message): WindowPages {
  let changed = false;
  const pages = data.pages.map((page) => {
    const i = page.messages.findIndex((m) => m.id === message.id);
    if (i === -1) return page;
    const next = preferred(page.messages[i]!, message);
    if (next === page.messages[i]) return page;
    changed = true;
    return { ...page, messages: page.messages.map((m, j) => (j === i ? next : m)) };
  });
  return changed ? { ...data, pages } : data;
}

/** A deletion into a window: the held copy becomes its tombstone. */
export function deleteInWindow(data: WindowPages, id: string, deletedAt: string): WindowPages {
  let changed = false;
  const pages = data.pages.map((page) => {
    const i = page.messages.findIndex((m) => m.id === id);
    if (i === -1 || page.messages[i]!.deletedAt) return page;
    changed = true;
    return { ...page, messages: page.messages.map((m, j) => (j === i ? { ...m, body: '', attachments: [], deletedAt } : m)) };
  });
  return changed ? { ...data, pages } : data;
}
