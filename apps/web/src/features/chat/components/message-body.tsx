import { useMemo } from 'react';
import { tokenizeBody } from '../utils/linkify';
import './message-item.css';

export type MessageBodyProps = { body: string };

/**
 * A message's text as React text nodes (never HTML), with http(s) links made clickable: a new tab, no opener, no
 * referrer.
 */
export function MessageBody({ body }: MessageBodyProps) {
  const tokens = useMemo(() => tokenizeBody(body), [body]);
  return (
    <p className="msg__text">
      {tokens.map((t, i) =>
        t.type === 'link' ? (
          <a key={i} href={t.href} target="_blank" rel="noopener noreferrer" className="msg__link">
            {t.text}
          </a>
        ) : (
          <span key={i}>{t.text}</span>
        ),
      )}
    </p>
  );
}
