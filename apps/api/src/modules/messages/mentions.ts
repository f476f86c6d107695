import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

/** What a body names, before resolution: `@username` handles (lower-cased, unique, in order), `@room`, `@here`. */
export interface ParsedMentions {
  names: string[];
  room: boolean;
  here: boolean;
}

const MENTION = /(?:^|[^\w@])@([a-zA-Z0-9_.-]{3,32})/g;
/** Handles one body may name; the ones past it are ignored. */
export const MAX_MENTION_NAMES = 100;

/** CommonMark tokenizer, HTML off: only used to tell code (spans, fenced and indented blocks) from prose. */
const md = new MarkdownIt('commonmark', { html: false });

/**
 * The prose of a Markdown body: its text with every inline code span, fenced code block (terminated or not: an
 * unterminated fence runs to the end, as CommonMark says) and indented code block left out. Pieces are joined with
 * line breaks, so a mention never spans two of them.
 */
export function proseOf(body: string): string {
  const out: string[] = [];
  const inline = (children: Token[]) => {
    let line = '';
    for (const c of children) {
      if (c.type === 'text') line += c.content;
      else if (c.type === 'softbreak' || c.type === 'hardbreak' || c.type === 'code_inline') {
        out.push(line);
        line = '';
      }
    }
    out.push(line);
  };
  for (const t of md.parse(body, {})) if (t.type === 'inline') inline(t.children ?? []);
  return out.join('\n');
}

/**
 * The mentions a body makes outside code. `@room` and `@here` are reserved words, never usernames. A body without
 * `@` is not parsed at all (the send path's common case).
 */
export function parseMentions(body: string): ParsedMentions {
  const none: ParsedMentions = { names: [], room: false, here: false };
  if (!body.includes('@')) return none;
  const names = new Set<string>();
  let room = false;
  let here = false;
  for (const m of proseOf(body).matchAll(MENTION)) {
    const name = m[1]!.replace(/[.-]+$/, '').toLowerCase();
    if (name === 'room') room = true;
    else if (name === 'here') here = true;
    else if (name.length >= 3 && names.size < MAX_MENTION_NAMES) names.add(name);
  }
  return { names: [...names], room, here };
}
