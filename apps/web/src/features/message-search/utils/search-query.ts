/**
 * The operators a person may type in the message search box, beside the words: `from:@name`, `in:#room`, `has:file`,
 * `before:2026-12-01` and `after:2026-11-01`. A value with spaces goes in quotes (`in:"#book club"`). Operator names
 * are case-insensitive; anything else (words, `"quoted phrases"`, a `word:` that is no operator) stays the query text.
 */
export type OperatorKind = 'from' | 'in' | 'has' | 'before' | 'after';

export interface TypedQuery {
  /** The words and phrases left once the operators are taken out, single-spaced. */
  text: string;
  /** A username, without its `@`. */
  from?: string;
  /** A room's name, without its `#`. */
  room?: string;
  hasFile?: boolean;
  /** A day, `YYYY-MM-DD`. */
  before?: string;
  after?: string;
  /** What was typed but not understood, one sentence each. */
  problems: string[];
}

const KINDS: readonly OperatorKind[] = ['from', 'in', 'has', 'before', 'after'];
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Token {
  raw: string;
  kind?: OperatorKind;
  value?: string;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value.replace(/^"/, '');
}

/** Splits on white space, keeping `"quoted phrases"` and `key:"quoted values"` whole. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i]!)) {
      i++;
      continue;
    }
    let j = i;
    let quoted = false;
    while (j < input.length && (quoted || !/\s/.test(input[j]!))) {
      if (input[j] === '"') quoted = !quoted;
      j++;
    }
    const raw = input.slice(i, j);
    const colon = raw.indexOf(':');
    const key = colon > 0 ? raw.slice(0, colon).toLowerCase() : '';
    const kind = KINDS.find((k) => k === key);
    const value = kind ? unquote(raw.slice(colon + 1)).trim() : undefined;
    tokens.push(kind && value ? { raw, kind, value } : { raw });
    i = j;
  }
  return tokens;
}

/** Whether `YYYY-MM-DD` names a real day. */
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d;
}

/** Reads the operators out of what was typed; the last of a repeated operator wins. */
export function parseSearchQuery(input: string): TypedQuery {
  const out: TypedQuery = { text: '', problems: [] };
  const words: string[] = [];
  for (const token of tokenize(input)) {
    const value = token.value ?? '';
    switch (token.kind) {
      case 'from':
        out.from = value.replace(/^@/, '');
        break;
      case 'in':
        out.room = value.replace(/^#/, '');
        break;
      case 'has':
        if (/^files?$/i.test(value)) out.hasFile = true;
        else out.problems.push(`“has:${value}” is not understood: only has:file is.`);
        break;
      case 'before':
      case 'after':
        if (isDay(value)) out[token.kind] = value;
        else out.problems.push(`“${token.kind}:${value}” needs a date such as ${token.kind}:2026-12-01.`);
        break;
      default:
        words.push(token.raw);
    }
  }
  if (out.from === '') delete out.from;
  if (out.room === '') delete out.room;
  out.text = words.join(' ');
  return out;
}

/** The typed text without its operators of one kind (a filter chosen in the filter row replaces the typed one). */
export function removeOperator(input: string, kind: OperatorKind): string {
  return tokenize(input)
    .filter((t) => t.kind !== kind)
    .map((t) => t.raw)
    .join(' ');
}

/** The start of a local day (`YYYY-MM-DD`) as an ISO instant. */
export function dayStart(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d!).toISOString();
}

/** The start of the local day after `day`: "after:2026-11-01" means later than that whole day. */
export function dayAfter(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + 1).toISOString();
}
