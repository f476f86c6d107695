import { SNIPPET_MATCH_END, SNIPPET_MATCH_START } from '@chat/contracts';

export interface SnippetPart {
  text: string;
  match: boolean;
}

/**
 * A search snippet in parts: the text between `\u0002` and `\u0003` is a match. A marker without its pair is
 * forgiven (an unclosed match runs to the end; a stray end is dropped), and empty parts are left out.
 */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = '';
  const flush = () => {
    if (text) {
      const last = parts[parts.length - 1];
      if (last && last.match === match) last.text += text;
      else parts.push({ text, match });
    }
    text = '';
  };
  for (const ch of snippet) {
    if (ch === SNIPPET_MATCH_START) {
      flush();
      match = true;
    } else if (ch === SNIPPET_MATCH_END) {
      flush();
      match = false;
    } else {
      text += ch;
    }
  }
  flush();
  return parts;
}

/** The snippet as plain text (the markers taken out): what a screen reader's item label says. */
export function snippetText(snippet: string): string {
  return snippetParts(snippet)
    .map((p) => p.text)
    .join('');
}
