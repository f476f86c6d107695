import { describe, expect, it } from '@jest/globals';
import { banExpiresAt, linkExpiresInHours, linkState, parseMaxUses, usesText } from './safety-options';

const NOW = Date.parse('2026-12-05T10:00:00Z');

describe('banExpiresAt', () => {
  it('gives no end for a ban until lifted', () => {
    expect(banExpiresAt('forever', NOW)).toBeNull();
  });
  it('counts a duration from now', () => {
    expect(banExpiresAt('1d', NOW)).toBe('2026-12-06T10:00:00.000Z');
    expect(banExpiresAt('1h', NOW)).toBe('2026-12-05T11:00:00.000Z');
  });
  it('treats an unknown choice as no end rather than inventing one', () => {
    expect(banExpiresAt('bogus', NOW)).toBeNull();
  });
});

describe('linkExpiresInHours', () => {
  it('leaves out the expiry of a link that never expires', () => {
    expect(linkExpiresInHours('never')).toBeUndefined();
    expect(linkExpiresInHours('7d')).toBe(168);
  });
});

describe('parseMaxUses', () => {
  it('reads empty as unlimited', () => {
    expect(parseMaxUses('  ', 100)).toEqual({ ok: true, value: undefined });
  });
  it('accepts a whole number within the limit', () => {
    expect(parseMaxUses(' 25 ', 100)).toEqual({ ok: true, value: 25 });
  });
  it('refuses zero, fractions, words and numbers past the limit', () => {
    expect(parseMaxUses('0', 100).ok).toBe(false);
    expect(parseMaxUses('2.5', 100).ok).toBe(false);
    expect(parseMaxUses('ten', 100).ok).toBe(false);
    expect(parseMaxUses('101', 100)).toEqual({ ok: false, error: 'Enter a number from 1 to 100.' });
  });
});

describe('linkState', () => {
  const base = { revokedAt: null, expiresAt: null, maxUses: null, uses: 0 };
  it('is active with no limits', () => {
    expect(linkState(base, NOW)).toBe('active');
  });
  it('is expired at its expiry time', () => {
    expect(linkState({ ...base, expiresAt: '2026-12-05T10:00:00Z' }, NOW)).toBe('expired');
    expect(linkState({ ...base, expiresAt: '2026-12-05T10:00:01Z' }, NOW)).toBe('active');
  });
  it('is used up once its uses reach the maximum', () => {
    expect(linkState({ ...base, maxUses: 2, uses: 2 }, NOW)).toBe('used-up');
    expect(linkState({ ...base, maxUses: 2, uses: 1 }, NOW)).toBe('active');
  });
  it('says revoked before any other reason', () => {
    expect(linkState({ revokedAt: '2026-12-01T00:00:00Z', expiresAt: '2026-12-02T00:00:00Z', maxUses: 1, uses: 1 }, NOW)).toBe('revoked');
  });
});

describe('usesText', () => {
  it('counts against the maximum when there is one', () => {
    expect(usesText({ maxUses: 10, uses: 3 })).toBe('3 of 10 uses');
    expect(usesText({ maxUses: 1, uses: 0 })).toBe('0 of 1 use');
  });
  it('counts plainly without one', () => {
    expect(usesText({ maxUses: null, uses: 0 })).toBe('No uses yet');
    expect(usesText({ maxUses: null, uses: 1 })).toBe('1 use');
  });
});
