import { useMemo } from 'react';
import { snippetParts } from '../utils/snippet';

export type SnippetProps = { snippet: string };

/** A search snippet with its matched parts in <mark>: text nodes only. */
export function Snippet({ snippet }: SnippetProps) {
  const parts = useMemo(() => snippetParts(snippet), [snippet]);
  return <span className="snippet">{parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}</span>;
}
