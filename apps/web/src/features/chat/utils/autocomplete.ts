import type { Member } from '@chat/contracts';
import { matchSorter, rankings } from 'match-sorter';

/**
 * The composer's autocompletes: `@` names a member (or `@room` / `@here`), `:` and two letters name an emoji by its
 * shortcode. Pure functions of the text and the caret, so the composer only renders what they answer.
 */

export type Trigger = {
  kind: 'mention' | 'emoji';
  /** Where the `@` or `:` is. */
  start: number;
  /** What follows it, up to the caret. */
  query: string;
};

/** Username characters, as the server reads `@name` (Contract v2 → Expression). */
const NAME_CHAR = /[a-zA-Z0-9_.-]/;
const SHORTCODE_CHAR = /[a-z0-9_+-]/i;
/** Emoji autocompletes open after `:` and this many characters (`:)` and times like 10:30 stay quiet). */
export const EMOJI_MIN_QUERY = 2;
const MENTION_MAX_QUERY = 32;

/** Whether `index` is inside code: a fenced block opened before it, or an odd number of backticks on its line. */
function insideCode(text: string, index: number): boolean {
  const before = text.slice(0, index);
  const fences = before.match(/^ {0,3}(`{3,}|~{3,})/gm)?.length ?? 0;
  if (fences % 2 === 1) return true;
  const line = before.slice(before.lastIndexOf('\n') + 1);
  return (line.match(/`/g)?.length ?? 0) % 2 === 1;
}

/** What may come before a trigger: the start, a space, or punctuation other than a word character or `@`. */
function boundaryBefore(text: string, index: number): boolean {
  if (index === 0) return true;
  const ch = text[index - 1]!;
  return !/[\p{L}\p{N}_@:]/u.test(ch);
}

/** The autocomplete the caret is in, if any (nothing while text is selected: the caller passes the caret only then). */
export function findTrigger(text: string, caret: number): Trigger | null {
  let i = caret;
  while (i > 0 && SHORTCODE_CHAR.test(text[i - 1]!) && caret - i <= MENTION_MAX_QUERY) i--;
  // `@` takes the username characters (the shortcode set without `+`, with `.`), so walk back for each separately.
  let m = caret;
  while (m > 0 && NAME_CHAR.test(text[m - 1]!) && caret - m <= MENTION_MAX_QUERY) m--;
  if (m > 0 && text[m - 1] === '@' && boundaryBefore(text, m - 1) && !insideCode(text, m - 1)) {
    return { kind: 'mention', start: m - 1, query: text.slice(m, caret) };
  }
  if (i > 0 && text[i - 1] === ':' && caret - i >= EMOJI_MIN_QUERY && boundaryBefore(text, i - 1) && !insideCode(text, i - 1)) {
    return { kind: 'emoji', start: i - 1, query: text.slice(i, caret) };
  }
  return null;
}

/**
 * Replaces the trigger and its query with `insert` followed by one space (unless a space already follows), and
 * answers the new text with the caret after it.
 */
export function insertCompletion(text: string, trigger: Trigger, caret: number, insert: string): { text: string; caret: number } {
  const after = text.slice(caret);
  const spacer = after.startsWith(' ') ? '' : ' ';
  const next = text.slice(0, trigger.start) + insert + spacer + after;
  return { text: next, caret: trigger.start + insert.length + 1 };
}

export type MentionOption =
  | { kind: 'member'; id: string; username: string; displayName: string; member: Member }
  | { kind: 'special'; id: 'room' | 'here'; username: 'room' | 'here'; displayName: string };

const SPECIALS: MentionOption[] = [
  { kind: 'special', id: 'room', username: 'room', displayName: 'Notify everyone in this conversation' },
  { kind: 'special', id: 'here', username: 'here', displayName: 'Notify everyone online now' },
];

/**
 * The members a query names, best first (fuzzy on username and display name, with match-sorter: an exact or prefix
 * match before a fuzzy one), without the writer; `@room` and `@here` when the writer may use them.
 */
export function mentionOptions(
  members: readonly Member[],
  query: string,
  { meId, specialAllowed, max = 8 }: { meId: string | undefined; specialAllowed: boolean; max?: number },
): MentionOption[] {
  const people: MentionOption[] = members
    .filter((m) => m.user.id !== meId)
    .map((m) => ({ kind: 'member', id: m.user.id, username: m.user.username, displayName: m.user.displayName, member: m }));
  const options = specialAllowed ? [...people, ...SPECIALS] : people;
  const ranked = query
    ? matchSorter(options, query, {
        keys: ['username', { key: 'displayName', threshold: rankings.ACRONYM }],
        threshold: rankings.MATCHES,
      })
    : [...people.sort((a, b) => a.displayName.localeCompare(b.displayName)), ...(specialAllowed ? SPECIALS : [])];
  return ranked.slice(0, max);
}

/** One emoji as the `:` autocomplete offers it. */
export type EmojiShortcode = { emoji: string; shortcodes: string[] };

/**
 * Emoji whose shortcode starts with the query (`:thu` → 👍 `thumbsup`) before those that only contain it; at most
 * `max`. Answers the emoji with the shortcode that matched.
 */
export function emojiOptions(list: readonly EmojiShortcode[], query: string, max = 8): Array<{ emoji: string; shortcode: string }> {
  const q = query.toLowerCase();
  const starts: Array<{ emoji: string; shortcode: string }> = [];
  const contains: Array<{ emoji: string; shortcode: string }> = [];
  for (const entry of list) {
    const prefix = entry.shortcodes.find((s) => s.startsWith(q));
    if (prefix) {
      starts.push({ emoji: entry.emoji, shortcode: prefix });
      continue;
    }
    const inner = entry.shortcodes.find((s) => s.includes(q));
    if (inner) contains.push({ emoji: entry.emoji, shortcode: inner });
  }
  starts.sort((a, b) => a.shortcode.length - b.shortcode.length);
  return [...starts, ...contains].slice(0, max);
}

/**
 * An emojibase hexcode (`1F44D`, `1F469-200D-1F4BB`) as its emoji. A lone symbol of the older planes (`2764` ❤)
 * gets the emoji presentation selector, so it shows as an emoji (❤️) rather than as text.
 */
export function hexcodeToEmoji(hexcode: string): string {
  const points = hexcode.split('-').map((h) => parseInt(h, 16));
  if (points.length === 1 && points[0]! < 0x1f000) points.push(0xfe0f);
  return String.fromCodePoint(...points);
}

/** Emojibase's shortcode data set (`hexcode → shortcode | shortcodes`) as a list, without skin-tone variants. */
export function shortcodeList(data: Record<string, string | string[]>): EmojiShortcode[] {
  const out: EmojiShortcode[] = [];
  for (const [hexcode, codes] of Object.entries(data)) {
    if (/-1F3F[B-F]/.test(hexcode)) continue;
    out.push({ emoji: hexcodeToEmoji(hexcode), shortcodes: Array.isArray(codes) ? codes : [codes] });
  }
  return out;
}
