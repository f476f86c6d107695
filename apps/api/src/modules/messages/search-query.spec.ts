import { describe, expect, it } from '@jest/globals';
import { AppException } from '../../common/app-exception.js';
import { buildSnippet, containsPattern, markedWords, parseSearchQuery } from './search-query.js';

// eslint-disable-next-line no-control-regex -- the snippet markers are control characters
const MARKERS = /[\u0002\u0003]/g;

describe('parseSearchQuery', () => {
  it('splits words and "quoted phrases" (an unclosed quote runs to the end), dropping repeats and punctuation', () => {
    expect(parseSearchQuery('fix  "quick  brown" fix ?? go "tail end')).toEqual([
      { text: 'fix', phrase: false, partial: true },
      { text: 'quick brown', phrase: true, partial: true },
      { text: 'go', phrase: false, partial: false },
      { text: 'tail end', phrase: true, partial: true },
    ]);
  });

  it('treats a quoted single word as a word', () => {
    expect(parseSearchQuery('"config"')).toEqual([{ text: 'config', phrase: false, partial: true }]);
  });

  it('counts only ASCII letters for partial matches when the database’s trigrams do', () => {
    expect(parseSearchQuery('été', { asciiTrigrams: true })[0]!.partial).toBe(false);
    expect(parseSearchQuery('été')[0]!.partial).toBe(true);
  });

  it('refuses a query with no letter or digit, or too many terms', () => {
    expect(() => parseSearchQuery('!! "" ?')).toThrow(AppException);
    expect(() => parseSearchQuery('a b c d e f g h i j k')).toThrow(AppException);
  });
});

describe('buildSnippet', () => {
  const terms = (q: string) => parseSearchQuery(q);

  it('wraps parts, whole short words and stemmed words; folds case and accents', () => {
    expect(buildSnippet('Parse the ParseConfig file', terms('config'))).toBe('Parse the Parse\u0002Config\u0003 file');
    expect(buildSnippet('go good go', terms('go'))).toBe('\u0002go\u0003 good \u0002go\u0003');
    expect(buildSnippet('my Résumé', terms('resume'))).toBe('my \u0002Résumé\u0003');
    expect(buildSnippet('it was deploying', terms('deploys'), ['deploying'])).toBe('it was \u0002deploying\u0003');
  });

  it('drops the body’s own markers and never splits a surrogate pair at the cut', () => {
    expect(buildSnippet('a \u0002x\u0003 needle', terms('needle'))).toBe('a x \u0002needle\u0003');
    const body = `${'word '.repeat(20)}needle ${'😀'.repeat(300)}`;
    const snippet = buildSnippet(body, terms('needle'));
    expect(snippet.startsWith('word')).toBe(true);
    expect(snippet).toContain('\u0002needle\u0003');
    expect(body).toContain(snippet.replace(MARKERS, ''));
    expect(/[\uD800-\uDBFF]$/.test(snippet)).toBe(false);
  });

  it('reads the words ts_headline marked', () => {
    expect(markedWords('a \u0002runs\u0003 and \u0002runs\u0003 \u0002ran\u0003')).toEqual(['runs', 'ran']);
    expect(markedWords(null)).toEqual([]);
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
