/**
 * The emoji this browser used last (reactions and the picker), newest first, kept in localStorage. Quick reactions
 * start from a common set until there are enough of one's own.
 */

const KEY = 'chat.recent-emoji';
const MAX = 24;
export const DEFAULT_QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '🙏'];

const listeners = new Set<() => void>();
let cached: string[] | null = null;

function read(): string[] {
  if (cached) return cached;
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    cached = Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string').slice(0, MAX) : [];
  } catch {
    cached = [];
  }
  return cached;
}

/** `emoji` moves to the front (once). */
export function withRecent(list: readonly string[], emoji: string, max = MAX): string[] {
  return [emoji, ...list.filter((e) => e !== emoji)].slice(0, max);
}

/** The quick reactions: the recent ones first, filled up with the common set, `count` in all. */
export function quickReactions(recent: readonly string[], count = 6): string[] {
  const out: string[] = [];
  for (const e of [...recent, ...DEFAULT_QUICK_REACTIONS]) {
    if (!out.includes(e)) out.push(e);
    if (out.length === count) break;
  }
  return out;
}

export const recentEmoji = {
  get: read,
  use(emoji: string): void {
    cached = withRecent(read(), emoji);
    try {
      localStorage.setItem(KEY, JSON.stringify(cached));
    } catch {
      // Storage full or blocked: the list lives for this page only.
    }
    for (const l of listeners) l();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
