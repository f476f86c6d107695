import { describe, expect, it } from '@jest/globals';
import { inviteLinkStatus, inviteUsesText, parseLimit } from './invite-link-status';

const NOW = Date.parse('2026-12-05T10:00:00Z');
const link = { revokedAt: null, expiresAt: null, maxUses: null, uses: 0 };

describe('inviteLinkStatus', () => {
  it('is active with no limit, or before its expiry and under its uses', () => {
    expect(inviteLinkStatus(link, NOW)).toBe('active');
    expect(inviteLinkStatus({ ...link, expiresAt: '2026-12-05T10:00:01Z', maxUses: 2, uses: 1 }, NOW)).toBe('active');
  });

  it('is expired from its expiry time on', () => {
    expect(inviteLinkStatus({ ...link, expiresAt: '2026-12-05T10:00:00Z' }, NOW)).toBe('expired');
  });

  it('is used up once its uses reach the maximum', () => {
    expect(inviteLinkStatus({ ...link, maxUses: 3, uses: 3 }, NOW)).toBe('used-up');
  });

  it('says revoked before any other reason', () => {
    expect(inviteLinkStatus({ revokedAt: '2026-12-01T00:00:00Z', expiresAt: '2026-12-02T00:00:00Z', maxUses: 1, uses: 1 }, NOW)).toBe(
      'revoked',
    );
  });
});

describe('inviteUsesText', () => {
  it('counts uses against the limit, or says there is none', () => {
    expect(inviteUsesText({ maxUses: 10, uses: 0 })).toBe('0 of 10 uses');
    expect(inviteUsesText({ maxUses: 1, uses: 1 })).toBe('1 of 1 use');
    expect(inviteUsesText({ maxUses: null, uses: 1 })).toBe('1 use, no limit');
  });
});

describe('parseLimit', () => {
  it('treats an empty field as no limit', () => {
    expect(parseLimit('  ', 100, 'Uses')).toEqual({ value: undefined });
  });

  it('accepts a whole number in range', () => {
    expect(parseLimit(' 24 ', 8760, 'Hours')).toEqual({ value: 24 });
  });

  it('refuses fractions, signs, zero and numbers past the maximum with a sentence', () => {
    expect(parseLimit('1.5', 100, 'Uses')).toEqual({ error: 'Uses must be a whole number, or empty for no limit.' });
    expect(parseLimit('-2', 100, 'Uses')).toEqual({ error: 'Uses must be a whole number, or empty for no limit.' });
    expect(parseLimit('0', 100_000, 'Uses')).toEqual({ error: 'Uses must be between 1 and 100,000.' });
    expect(parseLimit('100001', 100_000, 'Uses')).toEqual({ error: 'Uses must be between 1 and 100,000.' });
  });
});
