import { LIMITS, SNIPPET_MATCH_END, SNIPPET_MATCH_START } from '@chat/contracts';
import { AppException } from '../../common/app-exception.js';
import { likeEscape } from '../../database/sql.js';

/**
 * One part of a search query: a bare word or a `"quoted phrase"`. Each must match (AND): as whole words in any form
 * (full-text, `chat_simple` and `chat_english`), and, when `partial`, as a part of the body anywhere (trigram index:
 * word prefixes and parts of longer tokens).
 */
export interface SearchTerm {
  text: string;
  phrase: boolean;
  /** The term holds a run of 3+ letters or digits: the trigram index can serve `ILIKE '%text%'` for it. */
  partial: boolean;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
// eslint-disable-next-line no-control-regex -- the snippet markers are control characters
const MARKERS = /[\u0002\u0003]/gu;
// eslint-disable-next-line no-control-regex -- the snippet markers are control characters
const SPACES_AND_MARKERS = /[\s\u0002\u0003]+/gu;
// eslint-disable-next-line no-control-regex -- the snippet markers are control characters
const MARKED = /\u0002([^\u0003]*)\u0003/gu;
/** Three letters or digits in a row; `ascii` when the database's trigrams only count ASCII ones (a C locale). */
const runOf3 = (ascii: boolean) => (ascii ? /[A-Za-z0-9]{3}/ : /[\p{L}\p{N}]{3}/u);

/**
 * Splits a query into its terms: `"quoted phrases"` (an unclosed quote runs to the end) and bare words. Terms with no
 * letter or digit cannot match anything through an index and are dropped; a query left with none, or with more than
 * `LIMITS.searchTermsMax` terms, is refused (400 on `q`).
 */
export function parseSearchQuery(q: string, opts: { asciiTrigrams?: boolean } = {}): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  for (const m of q.matchAll(/"([^"]*)"?|([^\s"]+)/gu)) {
    const phrase = m[1] !== undefined;
    const text = (m[1] ?? m[2] ?? '').replace(SPACES_AND_MARKERS, ' ').trim();
    if (!WORD_CHAR.test(text)) continue;
    const key = `${phrase ? 'p' : 'w'}:${text.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push({ text, phrase: phrase && text.includes(' '), partial: runOf3(opts.asciiTrigrams ?? false).test(text) });
  }
  if (terms.length === 0) throw AppException.validation('q', 'must contain a letter or a digit');
  if (terms.length > LIMITS.searchTermsMax) throw AppException.validation('q', `must have at most ${LIMITS.searchTermsMax} words`);
  return terms;
}

/** A LIKE pattern matching `text` anywhere (its `%`, `_` and `\` taken literally). */
export const containsPattern = (text: string) => `%${likeEscape(text)}%`;

/** Case and accents folded, per UTF-16 unit of the result the span of the source it came from. */
interface Folded {
  text: string;
  from: number[];
  to: number[];
}

const foldChar = (ch: string) => ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const fold = (s: string) => [...s].map(foldChar).join('');

function foldWithMap(s: string): Folded {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const ch of s) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) {
      from.push(i);
      to.push(i + ch.length);
    }
    text += f;
    i += ch.length;
  }
  return { text, from, to };
}

const SNIPPET_BEFORE = 60;
const SNIPPET_LENGTH = 200;

/**
 * The body around the first match, each matched part wrapped in `\u0002`…`\u0003` (the body's own `\u0002` and
 * `\u0003` are dropped so that clients can trust the markers; never HTML). Matched parts are: each term found as a
 * part of the body (case and accents folded; a short term only as a whole word), and `stemmed`, the words PostgreSQL's
 * English configuration matched (`ts_headline`), which may differ from the query in form ("deploys" for "deploying").
 */
export function buildSnippet(rawBody: string, terms: SearchTerm[], stemmed: string[] = []): string {
  const body = rawBody.replace(MARKERS, '');
  const folded = foldWithMap(body);
  const ranges: Array<[number, number]> = [];
  const needles = [
    ...terms.map((t) => ({ text: fold(t.text), anywhere: t.partial })),
    ...stemmed.map((w) => ({ text: fold(w), anywhere: true })),
  ];
  for (const { text, anywhere } of needles) {
    if (!text) continue;
    for (let at = folded.text.indexOf(text); at >= 0; at = folded.text.indexOf(text, at + 1)) {
      const end = at + text.length;
      if (!anywhere && (isWordChar(folded.text, at - 1) || isWordChar(folded.text, end))) continue;
      ranges.push([folded.from[at]!, folded.to[end - 1]!]);
    }
  }
  const merged = merge(ranges);
  const first = merged[0]?.[0] ?? 0;
  let start = Math.max(0, first - SNIPPET_BEFORE);
  // begin at a word (never inside a word or a surrogate pair) unless the match itself starts there
  if (start > 0) {
    const space = body.slice(start, first).search(/\s/u);
    start = space >= 0 ? start + space + 1 : first;
  }
  let end = Math.min(body.length, start + SNIPPET_LENGTH);
  if (end < body.length && /[\uDC00-\uDFFF]/.test(body[end] ?? '')) end--;
  let out = '';
  let pos = start;
  for (const [a, b] of merged) {
    if (b <= start || a >= end) continue;
    const s = Math.max(a, start);
    const e = Math.min(b, end);
    out += body.slice(pos, s) + SNIPPET_MATCH_START + body.slice(s, e) + SNIPPET_MATCH_END;
    pos = e;
  }
  return out + body.slice(pos, end);
}

const isWordChar = (s: string, i: number) => i >= 0 && i < s.length && WORD_CHAR.test(s[i]!);

function merge(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** The words `ts_headline` marked (between `\u0002` and `\u0003`). */
export function markedWords(headline: string | null): string[] {
  if (!headline) return [];
  return [...new Set([...headline.matchAll(MARKED)].map((m) => m[1]!).filter((w) => w.length > 0))];
}
