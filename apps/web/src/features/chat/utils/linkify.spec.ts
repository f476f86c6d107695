import { describe, expect, it } from '@jest/globals';
import { safeHref, tokenizeBody } from './linkify';

function links(body: string): string[] {
  return tokenizeBody(body).flatMap((t) => (t.type === 'link' ? [t.href] : []));
}

describe('tokenizeBody', () => {
  it('keeps every character of the body, in order', () => {
    const body = 'a https://x.org/p?q=1#f b\nhttp://y.net, c <script>alert(1)</script> 😀';
    expect(
      tokenizeBody(body)
        .map((t) => t.text)
        .join(''),
    ).toBe(body);
  });

  it('links http and https only', () => {
    expect(links('see https://example.com and http://example.org/a')).toEqual(['https://example.com/', 'http://example.org/a']);
    expect(links('javascript:alert(1) data:text/html,x ftp://host/file mailto:a@b.c')).toEqual([]);
    expect(links('HTTPS://EXAMPLE.COM/Path')).toEqual(['https://example.com/Path']);
  });

  it('leaves the punctuation of the sentence out of the link', () => {
    expect(links('Go to https://example.com/a.')).toEqual(['https://example.com/a']);
    expect(links('(see https://example.com/a)')).toEqual(['https://example.com/a']);
    expect(links('"https://example.com/q?x=1",')).toEqual(['https://example.com/q?x=1']);
    expect(links('https://en.wikipedia.org/wiki/C_(language)!')).toEqual(['https://en.wikipedia.org/wiki/C_(language)']);
  });

  it('does not let markup ride along in a link', () => {
    expect(links('https://x.org/<img src=x onerror=alert(1)>')).toEqual(['https://x.org/']);
    expect(links('https://x.org/"onmouseover="alert(1)')).toEqual(['https://x.org/']);
  });

  it('refuses what only looks like a link', () => {
    expect(links('https:// nothing')).toEqual([]);
    expect(safeHref('https://')).toBeNull();
  });
});
