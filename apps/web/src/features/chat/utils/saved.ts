import type { Message, SavedMessage } from '@chat/contracts';
import type { InfiniteData } from '@tanstack/react-query';

/** The saved-messages page's cache: pages of `GET /saved`, newest save first, `before` cursors. */
export type SavedPages = InfiniteData<SavedMessage[], string | undefined>;

/** Without the message (unsaved, or deleted); the data itself when it was not there. */
export function removeSaved(data: SavedPages, messageId: string): SavedPages {
  if (!data.pages.some((page) => page.some((s) => s.message.id === messageId))) return data;
  return { ...data, pages: data.pages.map((page) => page.filter((s) => s.message.id !== messageId)) };
}

/** An edit, a pin: the saved copy follows (a deleted message leaves the list). */
export function updateSaved(data: SavedPages, message: Message): SavedPages {
  if (message.deletedAt !== null) return removeSaved(data, message.id);
  if (!data.pages.some((page) => page.some((s) => s.message.id === message.id))) return data;
  return {
    ...data,
    pages: data.pages.map((page) => page.map((s) => (s.message.id === message.id ? { ...s, message: { ...s.message, ...message } } : s))),
  };
}

/** The ids the message menus read, with one more or one less. */
export function withSavedId(ids: readonly string[], messageId: string, saved: boolean): string[] {
  const has = ids.includes(messageId);
  if (saved === has) return ids as string[];
  return saved ? [messageId, ...ids] : ids.filter((id) => id !== messageId);
}

/** The saved copy of a message changed by `change` (a reaction); `data` itself when it is not there or unchanged. */
export function patchSaved(data: SavedPages, messageId: string, change: (message: Message) => Message): SavedPages {
  let changed = false;
  const pages = data.pages.map((page) =>
    page.map((s) => {
      if (s.message.id !== messageId) return s;
      const next = change(s.message);
      if (next === s.message) return s;
      changed = true;
      return { ...s, message: next };
    }),
  );
  return changed ? { ...data, pages } : data;
}
