import type { Parent as HastParent, Root as HastRoot } from 'hast';
import type { Parent, PhrasingContent, Root, Text } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';

/**
 * The Markdown subset of chat messages, as remark plugins for `react-markdown` (mdast in, mdast out; nothing here
 * produces HTML).
 *
 * - `remarkChatSubset` adds the two GFM pieces a chat uses (~~strike~~ and bare http(s)/www links) and switches off, in
 *   the parser itself, what a chat is not: raw HTML (it stays literal text), headings, thematic breaks, images and
 *   indented code (four leading spaces are prose in a chat). Tables, footnotes and task lists are never added. What is
 *   switched off is never parsed, so "# Title" reads "# Title" and "<b>" reads "<b>".
 * - `remarkCapNesting` flattens quotes and lists nested deeper than a chat needs (`>>>>…` four thousand deep would
 *   otherwise become four thousand nested elements).
 * - `remarkSpoilers` turns `||hidden||` into `spoiler` nodes.
 * - `remarkMentions` turns `@username`, `@room` and `@here` into `mention` nodes.
 *
 * Code spans and fenced blocks are `inlineCode` / `code` nodes whose text is a `value`, not `text` children, so the two
 * transforms never reach into code: "`@bob ||x||`" stays exactly as written.
 */

/** The CommonMark constructs a chat message does not have (micromark's names). */
const DISABLED_CONSTRUCTS = ['htmlFlow', 'htmlText', 'headingAtx', 'setextUnderline', 'thematicBreak', 'labelStartImage', 'codeIndented'];

type ParserData = { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };

export function remarkChatSubset(this: unknown) {
  const data = (this as { data: () => ParserData }).data();
  // The autolink extension's tree transforms (a second, regex-driven search for links in every text node) are left
  // out: the tokenizer already finds the links, and the transforms walk deep quotes slowly (1.3 s for 4,000 `>`).
  const { transforms: _slow, ...autolinks } = gfmAutolinkLiteralFromMarkdown();
  (data.micromarkExtensions ??= []).push(gfmAutolinkLiteral(), gfmStrikethrough(), { disable: { null: DISABLED_CONSTRUCTS } });
  (data.fromMarkdownExtensions ??= []).push(autolinks, gfmStrikethroughFromMarkdown());
}

/** Quotes and lists inside one another: at most this many levels; deeper ones show as their plain text. */
export const MAX_NESTING = 4;

/** The text under a node, gathered without recursion (the node may be thousands of levels deep). */
function plainText(root: AnyNode): string {
  const out: string[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (typeof node.value === 'string') out.push(node.value);
    else if (node.type === 'break') out.push('\n');
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
    if (node.type === 'paragraph' || node.type === 'listItem') out.push(' ');
  }
  return out.join('').replace(/ +/g, ' ').trim();
}

function capNesting(node: AnyNode, level: number) {
  if (!node.children) return;
  node.children = node.children.map((child) => {
    const container = child.type === 'blockquote' || child.type === 'list';
    if (container && level >= MAX_NESTING) return { type: 'paragraph', children: [{ type: 'text', value: plainText(child) }] };
    capNesting(child, container ? level + 1 : level);
    return child;
  });
}

export function remarkCapNesting() {
  return (tree: Root) => capNesting(tree as AnyNode, 0);
}

/**
 * The parser writes a line break as `<br>` and the line ending after it; message paragraphs keep runs of spaces
 * (`white-space: pre-wrap`), which would show that line ending as a second break. A rehype plugin dropping it.
 */
export function rehypeTrimBreaks() {
  return (tree: HastRoot) => {
    const stack: HastParent[] = [tree];
    while (stack.length > 0) {
      const parent = stack.pop()!;
      parent.children.forEach((child, i) => {
        if (child.type === 'element') stack.push(child);
        const prev = parent.children[i - 1];
        if (child.type === 'text' && prev?.type === 'element' && prev.tagName === 'br') child.value = child.value.replace(/^\r?\n/, '');
      });
    }
  };
}

/** A `spoiler` node: hidden content, rendered by the `spoiler` component. */
export interface SpoilerNode extends Parent {
  type: 'spoiler';
  children: PhrasingContent[];
  data: { hName: 'spoiler' };
}

/** A `mention` node: `@username`, `@room` or `@here`, rendered by the `mention` component. */
export interface MentionNode extends Parent {
  type: 'mention';
  children: [Text];
  data: { hName: 'mention'; hProperties: { username: string } };
}

type AnyNode = { type: string; value?: string; children?: AnyNode[] };

const PHRASING_PARENTS = new Set(['paragraph', 'emphasis', 'strong', 'delete', 'link', 'linkReference', 'spoiler', 'tableCell']);

/** Visits every node that holds phrasing children, deepest first. */
function eachPhrasingParent(node: AnyNode, visit: (parent: AnyNode) => void, skip: (parent: AnyNode) => boolean = () => false) {
  if (!node.children || skip(node)) return;
  for (const child of node.children) eachPhrasingParent(child, visit, skip);
  if (PHRASING_PARENTS.has(node.type)) visit(node);
}

const MARKER = '||';
type Piece = AnyNode | { type: 'marker' };

/**
 * Pairs `||` markers among a parent's children (so `||a **b** c||` hides all three), left to right; a marker without
 * a partner stays text, and an empty pair (`||||`) is no spoiler.
 */
function wrapSpoilers(parent: AnyNode) {
  const children = parent.children!;
  if (!children.some((c) => c.type === 'text' && c.value!.includes(MARKER))) return;
  const pieces: Piece[] = [];
  for (const child of children) {
    if (child.type !== 'text' || !child.value!.includes(MARKER)) {
      pieces.push(child);
      continue;
    }
    const parts = child.value!.split(MARKER);
    parts.forEach((part, i) => {
      if (i > 0) pieces.push({ type: 'marker' });
      if (part) pieces.push({ type: 'text', value: part });
    });
  }
  const out: AnyNode[] = [];
  let open = -1;
  for (const piece of pieces) {
    if (piece.type !== 'marker') {
      out.push(piece as AnyNode);
      continue;
    }
    if (open >= 0 && out.length > open + 1) {
      const hidden = out.splice(open + 1);
      out.pop(); // the opening marker
      out.push({ type: 'spoiler', children: hidden, data: { hName: 'spoiler' } } as AnyNode);
      open = -1;
    } else {
      if (open >= 0) out.splice(open, 1, { type: 'text', value: MARKER });
      open = out.length;
      out.push({ type: 'marker' } as AnyNode);
    }
  }
  parent.children = mergeText(out.map((n) => (n.type === 'marker' ? { type: 'text', value: MARKER } : n)));
}

function mergeText(nodes: AnyNode[]): AnyNode[] {
  const merged: AnyNode[] = [];
  for (const node of nodes) {
    const last = merged[merged.length - 1];
    if (node.type === 'text' && last?.type === 'text') last.value += node.value!;
    else merged.push(node);
  }
  return merged;
}

export function remarkSpoilers() {
  return (tree: Root) => eachPhrasingParent(tree as AnyNode, wrapSpoilers);
}

/**
 * `@name` where the `@` starts a word (not "a@b"); the name as usernames are made (letters, digits, `_`, `.`, `-`),
 * minus the dots a sentence puts after it ("thanks @bob.").
 */
const MENTION = /(^|[^\p{L}\p{N}_.@-])@([a-zA-Z0-9_.-]+)/gu;

export function splitMentions(value: string): AnyNode[] {
  const out: AnyNode[] = [];
  let last = 0;
  for (const match of value.matchAll(MENTION)) {
    const name = match[2]!.replace(/[.-]+$/, '');
    if (!name) continue;
    const start = match.index + match[1]!.length;
    if (start > last) out.push({ type: 'text', value: value.slice(last, start) });
    out.push({
      type: 'mention',
      children: [{ type: 'text', value: `@${name}` }],
      data: { hName: 'mention', hProperties: { username: name } },
    } as AnyNode);
    last = start + 1 + name.length;
  }
  if (out.length === 0) return [{ type: 'text', value }];
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out;
}

export function remarkMentions() {
  return (tree: Root) =>
    eachPhrasingParent(
      tree as AnyNode,
      (parent) => {
        parent.children = parent.children!.flatMap((c) => (c.type === 'text' && c.value!.includes('@') ? splitMentions(c.value!) : [c]));
      },
      // A link's text is the link's: "[@bob](https://…)" is a link, not a mention.
      (node) => node.type === 'link' || node.type === 'linkReference',
    );
}

/** `@room` and `@here` name groups of people, not a username. */
export function isSpecialMention(username: string): boolean {
  return username === 'room' || username === 'here';
}
