import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { highlightCode } from '../utils/highlight-code';
import { MessageBody, type MessageMentions } from './message-body';

const render = (body: string, meUsername: string | null = null, mentions?: MessageMentions) =>
  renderToStaticMarkup(<MessageBody body={body} meUsername={meUsername} mentions={mentions} />);

/** The text a reader sees, entities decoded. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');

/** The `<code>` text of the first code block, decoded. */
const blockCode = (html: string) => text(/<pre[^>]*><code[^>]*>([\s\S]*?)<\/code><\/pre>/.exec(html)![1]!);

describe('MessageBody: no HTML ever', () => {
  it('shows a <script> as the text that was typed', () => {
    const html = render('<script>alert(1)</script>');
    expect(html).not.toContain('<script');
    expect(text(html)).toBe('<script>alert(1)</script>');
  });

  it('shows an <img onerror> as text, inline and on a line of its own', () => {
    for (const body of ['<img src=x onerror=alert(1)>', 'look <img src=x onerror=alert(1)> here']) {
      const html = render(body);
      expect(html).not.toContain('<img');
      expect(text(html)).toBe(body);
    }
  });

  it('makes no link of javascript: or data: URLs, in Markdown links and autolinks alike', () => {
    for (const body of ['[x](javascript:alert(1))', '[x](data:text/html,<b>hi</b>)', '<javascript:alert(1)>', '[x](JaVaScRiPt:alert(1))']) {
      const html = render(body);
      expect(html).not.toContain('<a');
      expect(html).not.toMatch(/href/i);
    }
    expect(text(render('[x](javascript:alert(1))'))).toBe('x');
  });

  it('opens http(s) links in a new tab without opener or referrer, with the app’s link class', () => {
    const html = render('see [the docs](https://example.org/a?b=1) and https://x.org/y.');
    expect(html).toContain('<a href="https://example.org/a?b=1" target="_blank" rel="noopener noreferrer" class="msg__link">the docs</a>');
    expect(html).toContain('<a href="https://x.org/y" target="_blank" rel="noopener noreferrer" class="msg__link">https://x.org/y</a>');
  });

  it('reads headings, images and tables as typed (a chat, not a document)', () => {
    expect(text(render('# Title'))).toBe('# Title');
    expect(render('# Title')).not.toContain('<h1');
    const image = render('![cat](https://example.org/cat.png)');
    expect(image).not.toContain('<img');
    expect(text(image)).toBe('!cat');
    const table = render('| a | b |\n| - | - |\n| 1 | 2 |');
    expect(table).not.toContain('<table');
    expect(text(table)).toContain('| a | b |');
  });
});

describe('MessageBody: the Markdown subset', () => {
  it('renders emphasis, strong, strike and nested emphasis', () => {
    expect(render('*a* **b** ~~c~~')).toContain('<em>a</em> <strong>b</strong> <del>c</del>');
    expect(render('***both***')).toMatch(/<em><strong>both<\/strong><\/em>|<strong><em>both<\/em><\/strong>/);
    expect(render('**bold _and italic_ here**')).toContain('<strong>bold <em>and italic</em> here</strong>');
  });

  it('keeps snake_case words as they are', () => {
    expect(text(render('call my_var_name now'))).toBe('call my_var_name now');
  });

  it('turns a single newline into a line break, as chat users expect', () => {
    expect(render('one\ntwo')).toContain('one<br/>two');
  });

  it('renders quotes and lists', () => {
    expect(render('> quoted')).toContain('<blockquote class="md__quote">');
    expect(render('- a\n- b')).toMatch(/<ul>\s*<li>a<\/li>\s*<li>b<\/li>\s*<\/ul>/);
    expect(render('1. a\n2. b')).toContain('<ol>');
  });

  it('keeps a code block exactly: whitespace, <, *, _, @ and ||', () => {
    const code = 'if (a < b && *p) {\n\tx  =  "<b>__y__</b>";   \n\n  @bob ||no|| `tick`\n}';
    const html = render(`look:\n\`\`\`js\n${code}\n\`\`\``);
    expect(blockCode(html)).toBe(code);
    expect(html).toContain('class="hljs language-js"');
    expect(html).not.toContain('md__mention');
    expect(html).not.toContain('md__spoiler');
  });

  it('runs an unterminated fence to the end of the message, as code', () => {
    const html = render('before\n```\nconst a = 1;\n**not bold**');
    expect(blockCode(html)).toBe('const a = 1;\n**not bold**');
    expect(html).not.toContain('<strong>');
  });

  it('keeps inline code as typed, with no mention or emphasis inside', () => {
    const html = render('run `rm -rf *tmp* @bob ||x||` now');
    expect(html).toContain('<code class="md__code">rm -rf *tmp* @bob ||x||</code>');
  });

  it('highlights code once the highlighter has loaded, keeping every character', () => {
    const code = 'const x = "<b>" * 2; // ok\n\tif (x) {}';
    const html = renderToStaticMarkup(<>{highlightCode(code, 'ts')}</>);
    expect(html).toContain('class="hljs-keyword"');
    expect(text(html)).toBe(code);
    expect(highlightCode('whatever', 'brainfuck')).toBeNull();
  });
});

describe('MessageBody: spoilers and mentions', () => {
  it('hides ||spoilers|| behind a button, content and all', () => {
    const html = render('the end: ||he was **the ghost**|| indeed');
    expect(html).toContain('<button type="button" class="md__spoiler" aria-expanded="false">Spoiler</button>');
    expect(html).not.toContain('ghost');
    expect(text(html)).toBe('the end: Spoiler indeed');
  });

  it('leaves a lone || and an empty |||| as text', () => {
    expect(text(render('a || b'))).toBe('a || b');
    expect(render('a |||| b')).not.toContain('md__spoiler');
  });

  it('shows @mentions as chips, the reader’s own highlighted, and not inside e-mail addresses or links', () => {
    const html = render('hi @Ada and @bob.', 'ada');
    expect(html).toContain('<span class="md__mention md__mention--me">@Ada</span>');
    expect(html).toContain('<span class="md__mention">@bob</span>.');
    expect(render('mail ada@example.org')).not.toContain('md__mention');
    expect(render('[@bob](https://example.org)')).not.toContain('md__mention');
  });

  it('shows @room as plain text when the server says it was not a mention', () => {
    expect(render('@room lunch?', null, { userIds: [], room: false, here: false })).not.toContain('md__mention');
    expect(render('@room lunch?', null, { userIds: [], room: true, here: false })).toContain('md__mention--me');
  });
});

describe('MessageBody: hostile sizes', () => {
  // Each renders in milliseconds; a parser that went quadratic would take minutes, and jest's timeout fails the test.
  for (const ch of ['*', '_', '[', '`', '~', '|', '<', '>', '@']) {
    it(`renders 4,000 × "${ch}" as the text it is`, () => {
      const body = ch.repeat(4000);
      const html = render(body);
      expect(html.length).toBeGreaterThan(0);
      if (ch === '*' || ch === '_' || ch === '[' || ch === '<') expect(text(html).replace(/\s/g, '')).toBe(body);
    });
  }

  it('renders 4,000 alternating "*a" fast and whole', () => {
    const body = '*a'.repeat(2000);
    expect(text(render(body)).replace(/[\s*]/g, '')).toBe('a'.repeat(2000));
  });

  it('flattens quotes and lists nested deeper than four levels into their text', () => {
    const quotes = render('>'.repeat(4000) + ' deep');
    expect(quotes.match(/<blockquote/g)).toHaveLength(4);
    expect(text(quotes)).toContain('deep');
    const lists = render('1. '.repeat(1300) + 'deep');
    expect(lists.match(/<ol/g)).toHaveLength(4);
    expect(text(lists)).toContain('deep');
    expect(render('> > a')).toContain('<blockquote class="md__quote">\n<blockquote class="md__quote">');
  });
});
