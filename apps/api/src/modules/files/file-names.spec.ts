import { describe, expect, it } from '@jest/globals';
import { asciiFileName, MAX_NAME_LENGTH, sanitizeFileName } from './file-names.js';

describe('sanitizeFileName', () => {
  it.each([
    ['photo.png', 'photo.png'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\win.ini', 'win.ini'],
    ['/absolute/path/x.txt', 'x.txt'],
    ['..', 'file'],
    ['.', 'file'],
    ['', 'file'],
    [undefined, 'file'],
    ['.htaccess', 'htaccess'],
    ['a\u0000b.png', 'ab.png'],
    ['evil\r\nSet-Cookie: x=1.txt', 'evilSet-Cookie_ x=1.txt'],
    ['say "hi".txt', 'say _hi_.txt'],
    ['report\u202Etxt.exe', 'reporttxt.exe'],
    ['  spaced   out  .pdf ', 'spaced out .pdf'],
    ['trailing dots...', 'trailing dots'],
    ['zero\u200Bwidth.gif', 'zerowidth.gif'],
    ['été.png', 'été.png'],
    ['e\u0301te\u0301.png', 'été.png'],
  ])('%j becomes %j', (raw, expected) => {
    expect(sanitizeFileName(raw)).toBe(expected);
  });

  it('keeps the extension when it shortens a long name, counting code points', () => {
    const long = `${'😀'.repeat(300)}.jpeg`;
    const out = sanitizeFileName(long);
    expect([...out]).toHaveLength(MAX_NAME_LENGTH);
    expect(out.endsWith('😀.jpeg')).toBe(true);
    expect([...sanitizeFileName('x'.repeat(500))]).toHaveLength(MAX_NAME_LENGTH);
  });
});

describe('asciiFileName', () => {
  it('drops accents and replaces what has no ASCII form, one _ per character', () => {
    expect(asciiFileName('résumé.pdf')).toBe('resume.pdf');
    expect(asciiFileName('😀 日本.txt')).toBe('_ __.txt');
    expect(asciiFileName('plain.txt')).toBe('plain.txt');
  });
});
