import { describe, expect, it } from '@jest/globals';
import { presenceLabel } from './presence';

const NOW = Date.parse('2026-11-22T12:00:00Z');

describe('presenceLabel', () => {
  it('says Online for an online person and for myself', () => {
    expect(presenceLabel({ online: true, lastSeenAt: null, friendship: 'friends' }, NOW)).toBe('Online');
    expect(presenceLabel({ online: false, lastSeenAt: null, friendship: 'self' }, NOW)).toBe('Online');
  });

  it('says when an offline person was last seen, or just Offline when unknown', () => {
    expect(presenceLabel({ online: false, lastSeenAt: '2026-11-22T11:55:00Z', friendship: 'none' }, NOW)).toBe('Last seen 5 minutes ago');
    expect(presenceLabel({ online: false, lastSeenAt: null, friendship: 'none' }, NOW)).toBe('Offline');
  });
});
