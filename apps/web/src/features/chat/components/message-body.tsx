import type { Element as HastElement, Text as HastText } from 'hast';
import { memo, useMemo, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkBreaks from 'remark-breaks';
import { safeHref } from '../utils/linkify';
import {
  isSpecialMention,
  rehypeTrimBreaks,
  remarkCapNesting,
  remarkChatSubset,
  remarkMentions,
  remarkSpoilers,
} from '../utils/markdown-syntax';
import { CodeBlock } from './code-block';
import { Spoiler } from './spoiler';
import './message-body.css';
import './message-item.css';

/** What the server resolved (Contract v2 → Expression); absent from servers that predate it. */
export type MessageMentions = { userIds: string[]; room: boolean; here: boolean };

export type MessageBodyProps = {
  body: string;
  /** The reader's username: their own mentions are highlighted. */
  meUsername?: string | null;
  mentions?: MessageMentions;
};

/**
 * The elements a message may hold (anything else would be unwrapped to its text); raw HTML, headings, images and
 * tables are not parsed at all (see `remarkChatSubset`), so they read as typed.
 */
const ALLOWED = ['p', 'br', 'em', 'strong', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'spoiler', 'mention'];

const remarkPlugins = [remarkChatSubset, remarkCapNesting, remarkBreaks, remarkSpoilers, remarkMentions];
const rehypePlugins = [rehypeTrimBreaks];

function textOf(node: HastElement | undefined): string {
  if (!node) return '';
  return node.children.map((c) => (c.type === 'text' ? (c as HastText).value : c.type === 'element' ? textOf(c) : '')).join('');
}

function makeComponents(meUsername: string | null, mentions: MessageMentions | undefined): Components {
  const me = meUsername?.toLowerCase() ?? null;
  const components = {
    // Only http(s) becomes a link (react-markdown already blanks other protocols); the rest is its text.
    a: ({ href, children }: { href?: string; children?: ReactNode }) => {
      const safe = href ? safeHref(href) : null;
      if (!safe) return <span>{children}</span>;
      return (
        <a href={safe} target="_blank" rel="noopener noreferrer" className="msg__link">
          {children}
        </a>
      );
    },
    pre: ({ node }: { node?: HastElement }) => {
      const code = node?.children.find((c): c is HastElement => c.type === 'element' && c.tagName === 'code');
      const classes = (code?.properties.className as string[] | undefined) ?? [];
      const language = classes.find((c) => c.startsWith('language-'))?.slice('language-'.length) ?? null;
      // The parser ends a block's text with one line break of its own.
      return <CodeBlock code={textOf(code).replace(/\n$/, '')} language={language} />;
    },
    code: ({ children }: { children?: ReactNode }) => <code className="md__code">{children}</code>,
    blockquote: ({ children }: { children?: ReactNode }) => <blockquote className="md__quote">{children}</blockquote>,
    spoiler: ({ children }: { children?: ReactNode }) => <Spoiler>{children}</Spoiler>,
    mention: ({ username, children }: { username?: string; children?: ReactNode }) => {
      const name = username ?? '';
      const special = isSpecialMention(name);
      // `@room` / `@here` from someone not allowed to use them are plain text (the server says so).
      if (special && mentions && !mentions[name as 'room' | 'here']) return <>{children}</>;
      const mine = special || name.toLowerCase() === me;
      return <span className={`md__mention${mine ? ' md__mention--me' : ''}`}>{children}</span>;
    },
  };
  return components as Components;
}

/**
 * A message's text as Markdown (the chat subset) rendered to React elements, with no HTML path at all: http(s) links
 * open in a new tab with no opener and no referrer, code keeps every character, `||spoilers||` hide until revealed,
 * and `@mentions` show as chips.
 */
export const MessageBody = memo(function MessageBody({ body, meUsername = null, mentions }: MessageBodyProps) {
  const components = useMemo(() => makeComponents(meUsername, mentions), [meUsername, mentions]);
  return (
    <div className="msg__text md">
      <Markdown
        remarkPlugins={remarkPlugins}
        rehypePlugins={rehypePlugins}
        allowedElements={ALLOWED}
        unwrapDisallowed
        skipHtml
        components={components}
      >
        {body}
      </Markdown>
    </div>
  );
});
