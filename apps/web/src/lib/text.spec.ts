import { describe, expect, it } from '@jest/globals';
import { countCodePoints, hueFor, initials } from './text';

describe('countCodePoints', () => {
  it('counts an emoji outside the BMP as one, like the server limits do', () => {
    expect('😀😀'.length).toBe(4);
    expect(countCodePoints('😀😀')).toBe(2);
    expect(countCodePoints('')).toBe(0);
  });
});

describe('initials', () => {
  it.each([
    ['Ada Lovelace', 'ada', 'AL'],
    ['ada', 'ada', 'A'],
    ['Jean Claude Van Damme', 'jcvd', 'JC'],
    ['   ', 'bob', 'B'],
    ['😀 Smile', 'smile', '😀S'],
    ['élodie durand', 'elo', 'ÉD'],
  ])('%p (@%s) → %p', (name, username, expected) => {
    expect(initials(name, username)).toBe(expected);
  });
});

describe('hueFor', () => {
  it('is stable for an id and within 0–359', () => {
    const id = '3f1c7a5e-1b2d-4c3e-8f9a-0b1c2d3e4f5a';
    expect(hueFor(id)).toBe(hueFor(id));
    expect(hueFor(id)).toBeGreaterThanOrEqual(0);
    expect(hueFor(id)).toBeLessThan(360);
    expect(hueFor('a')).not.toBe(hueFor('b'));
  });
});
