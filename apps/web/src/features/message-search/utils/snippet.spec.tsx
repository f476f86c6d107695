import { describe, expect, it } from '@jest/globals';
import { renderToStaticMarkup } from 'react-dom/server';
import { Snippet } from '../components/snippet';
import { snippetParts, snippetText } from './snippet';

describe('snippetParts', () => {
  it('splits the matched parts out', () => {
    expect(snippetParts('the \u0002deploy\u0003 of \u0002prod\u0003')).toEqual([
      { text: 'the ', match: false },
      { text: 'deploy', match: true },
      { text: ' of ', match: false },
      { text: 'prod', match: true },
    ]);
  });

  it('forgives unpaired markers and leaves out empty parts', () => {
    expect(snippetParts('\u0002\u0003a\u0003b\u0002c')).toEqual([
      { text: 'ab', match: false },
      { text: 'c', match: true },
    ]);
    expect(snippetParts('')).toEqual([]);
  });

  it('gives the plain text without markers', () => {
    expect(snippetText('…see \u0002parseConfig\u0003File')).toBe('…see parseConfigFile');
  });
});

describe('Snippet', () => {
  it('renders matches as <mark> and everything as text, never as HTML', () => {
    const html = renderToStaticMarkup(<Snippet snippet={'<b>bold</b> \u0002<img src=x onerror=alert(1)>\u0003 & done'} />);
    expect(html).toBe('<span class="snippet">&lt;b&gt;bold&lt;/b&gt; <mark>&lt;img src=x onerror=alert(1)&gt;</mark> &amp; done</span>');
  });
});
