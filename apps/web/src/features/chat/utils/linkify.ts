/** A message body cut into plain text and links, for rendering as React text nodes and anchors (never as HTML). */
export type BodyToken = { type: 'text'; text: string } | { type: 'link'; text: string; href: string };

const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"]+/gi;
const TRAILING = /[.,;:!?'"*_~]+$/;
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function count(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/**
 * Drops what prose puts after a link: "see https://x.org/a." ends at "a", and a closing bracket only stays when the
 * link opened it ("https://en.wikipedia.org/wiki/C_(language)").
 */
function trimEnd(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, '');
    const last = url[url.length - 1];
    if (last && PAIRS[last] && count(url, last) > count(url, PAIRS[last])) url = url.slice(0, -1);
    if (url === before) return url;
  }
}

/** Only http and https become links; anything the URL parser refuses stays text. */
export function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname) return null;
    return url.href;
  } catch {
    return null;
  }
}

export function tokenizeBody(body: string): BodyToken[] {
  const tokens: BodyToken[] = [];
  let textStart = 0;
  const pushText = (end: number) => {
    if (end > textStart) tokens.push({ type: 'text', text: body.slice(textStart, end) });
  };
  for (const match of body.matchAll(URL_CANDIDATE)) {
    const start = match.index;
    const text = trimEnd(match[0]);
    const href = safeHref(text);
    if (!href) continue;
    pushText(start);
    tokens.push({ type: 'link', text, href });
    textStart = start + text.length;
  }
  pushText(body.length);
  return tokens;
}
