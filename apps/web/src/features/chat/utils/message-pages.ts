import type { Message, MessagePage } from '@chat/contracts';
import type { InfiniteData } from '@tanstack/react-query';

/**
 * The cached history of a room: pages newest first (`pages[0]` is the latest page, each later page older), the
 * messages of each page ascending by seq, as `GET /rooms/:id/messages` returns them. `pageParams` hold the `before`
 * cursor each page was fetched with (undefined for the newest page).
 */
export type MessagePages = InfiniteData<MessagePage>;

/** Same message: same id, or the same sender's same clientId (an idempotent repeat). */
function sameMessage(a: Message, b: Message): boolean {
  return a.id === b.id || (a.clientId === b.clientId && a.sender.id === b.sender.id);
}

/** Every held message, ascending by seq, once each. */
export function flattenPages(data: MessagePages | undefined): Message[] {
  if (!data) return [];
  const out: Message[] = [];
  const seen = new Set<string>();
  for (let i = data.pages.length - 1; i >= 0; i--) {
    for (const m of data.pages[i]!.messages) {
      if (seen.has(m.id)) continue;
      seen.add(m.id);
      out.push(m);
    }
  }
  return out;
}

/** The highest seq held (0 when nothing is): where a catch-up (`?after=`) starts. */
export function lastSeqHeld(data: MessagePages | undefined): number {
  let max = 0;
  for (const page of data?.pages ?? []) {
    const last = page.messages[page.messages.length - 1];
    if (last && last.seq > max) max = last.seq;
  }
  return max;
}

/**
 * The end of the run of consecutive seqs held from the oldest message on: where a catch-up must start. Seqs have no
 * gaps on the server, so a jump in what is held is a hole (a live message that overtook missed ones), and fetching
 * `?after=` the highest seq would leave it unfilled.
 */
export function lastContiguousSeq(data: MessagePages | undefined): number {
  const all = flattenPages(data);
  let end = all[0]?.seq ?? 0;
  for (let i = 1; i < all.length; i++) {
    if (all[i]!.seq !== end + 1) break;
    end = all[i]!.seq;
  }
  return end;
}

function insertSorted(list: Message[], message: Message): Message[] {
  let i = list.length;
  while (i > 0 && list[i - 1]!.seq > message.seq) i--;
  return [...list.slice(0, i), message, ...list.slice(i)];
}

/**
 * A newer version must not undo a deletion (a late `message:updated` after `message:deleted`), and an older copy
 * must not replace a newer one (a catch-up answer racing a live edit). A pin or unpin changes only `pinnedAt`.
 */
export function preferred(current: Message, incoming: Message): Message {
  if (
    current.body === incoming.body &&
    current.editedAt === incoming.editedAt &&
    current.deletedAt === incoming.deletedAt &&
    current.pinnedAt === incoming.pinnedAt
  ) {
    return current;
  }
  if (current.deletedAt && !incoming.deletedAt) return current;
  if (current.editedAt && incoming.editedAt && incoming.editedAt < current.editedAt) return current;
  if (current.editedAt && !incoming.editedAt && !incoming.deletedAt) return current;
  return incoming;
}

/**
 * Merges messages (live events, catch-up pages, acks) into the cached pages without duplicates: a message already
 * held (by id, or by sender and clientId) is replaced in place; a newer one is appended to the newest page; one
 * inside the held range goes to the page that covers it; one older than everything held is dropped unless the
 * oldest page is the start of the room (paging back will bring it). Returns `data` itself when nothing changed.
 */
export function mergeMessages(data: MessagePages, incoming: readonly Message[]): MessagePages {
  let pages = data.pages;
  let changed = false;
  const edit = (index: number, messages: Message[]) => {
    if (!changed) pages = [...pages];
    changed = true;
    pages[index] = { ...pages[index]!, messages };
  };

  for (const message of incoming) {
    let placed = false;
    for (let p = 0; p < pages.length && !placed; p++) {
      const list = pages[p]!.messages;
      const i = list.findIndex((m) => sameMessage(m, message));
      if (i === -1) continue;
      placed = true;
      const next = preferred(list[i]!, message);
      if (next !== list[i])
        edit(
          p,
          list.map((m, j) => (j === i ? next : m)),
        );
    }
    if (placed || pages.length === 0) continue;

    // Pages are newest first: the first page whose oldest message is not newer than this one covers it.
    let target = -1;
    for (let p = 0; p < pages.length; p++) {
      const first = pages[p]!.messages[0];
      if (first && first.seq <= message.seq) {
        target = p;
        break;
      }
    }
    if (target === -1) {
      const nonEmpty = pages.some((page) => page.messages.length > 0);
      if (!nonEmpty) target = 0;
      else if (!pages[pages.length - 1]!.hasMore) target = pages.length - 1;
      else continue;
    }
    edit(target, insertSorted(pages[target]!.messages, message));
  }
  return changed ? { ...data, pages } : data;
}

/** Turns a held message into its tombstone (the contract's shape of a deleted message). */
export function markDeleted(data: MessagePages, id: string, deletedAt: string): MessagePages {
  let changed = false;
  const pages = data.pages.map((page) => {
    const i = page.messages.findIndex((m) => m.id === id);
    if (i === -1 || page.messages[i]!.deletedAt) return page;
    changed = true;
    return {
      ...page,
      messages: page.messages.map((m, j) => (j === i ? { ...m, body: '', attachments: [], deletedAt } : m)),
    };
  });
  return changed ? { ...data, pages } : data;
}

/** The held message with this id, if any. */
export function findMessage(data: MessagePages | undefined, id: string): Message | undefined {
  for (const page of data?.pages ?? []) {
    const found = page.messages.find((m) => m.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The held message with this id changed by `change` (a reaction); `data` itself when it is not held or unchanged. For
 * the history's pages and a jump-to window's alike.
 */
export function patchMessage<D extends { pages: Array<{ messages: Message[] }> }>(
  data: D,
  id: string,
  change: (message: Message) => Message,
): D {
  let changed = false;
  const pages = data.pages.map((page) => {
    const i = page.messages.findIndex((m) => m.id === id);
    if (i === -1) return page;
    const next = change(page.messages[i]!);
    if (next === page.messages[i]) return page;
    changed = true;
    return { ...page, messages: page.messages.map((m, j) => (j === i ? next : m)) };
  });
  return changed ? { ...data, pages } : data;
}
