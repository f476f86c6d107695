import { useEffect, useRef, useState, type ReactNode } from 'react';

export type CodeBlockProps = { code: string; language: string | null };

type Highlighter = (code: string, language: string | null) => ReactNode;
let highlighter: Promise<Highlighter> | null = null;

/** The highlighter module, fetched once, on the first code block. */
function loadHighlighter(): Promise<Highlighter> {
  highlighter ??= import('../utils/highlight-code').then((m) => m.highlightCode);
  return highlighter;
}

/**
 * A fenced code block: the text exactly as sent, highlighted once the highlighter has loaded (plain until then, and
 * when the language is unknown), with a "Copy" button whose result is announced.
 */
export function CodeBlock({ code, language }: CodeBlockProps) {
  const [highlighted, setHighlighted] = useState<{ code: string; language: string | null; node: ReactNode } | null>(null);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    let live = true;
    loadHighlighter()
      .then((highlight) => {
        if (live) setHighlighted({ code, language, node: highlight(code, language) });
      })
      .catch(() => undefined); // plain text is a fine fallback
    return () => {
      live = false;
    };
  }, [code, language]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const copy = () => {
    window.clearTimeout(timer.current);
    navigator.clipboard.writeText(code).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
    timer.current = window.setTimeout(() => setCopied(null), 2000);
  };

  const node = highlighted && highlighted.code === code && highlighted.language === language ? highlighted.node : null;
  return (
    <div className="md__code-block">
      <div className="md__code-bar">
        <span className="md__code-lang">{language ?? 'code'}</span>
        <button type="button" className="md__copy" onClick={copy} aria-label={language ? `Copy ${language} code` : 'Copy code'}>
          {copied === 'copied' ? 'Copied' : 'Copy'}
        </button>
        <span className="visually-hidden" role="status">
          {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Could not copy: your browser refused the clipboard.' : ''}
        </span>
      </div>
      {/* Focusable so a keyboard can scroll a long line sideways. */}
      <pre className="md__pre" tabIndex={0} aria-label={language ? `${language} code` : 'Code'}>
        <code className={`hljs${language ? ` language-${language}` : ''}`}>{node ?? code}</code>
      </pre>
    </div>
  );
}
