import { describe, expect, it } from '@jest/globals';
import { safeNextPath } from './safe-redirect';

describe('safeNextPath', () => {
  it('returns an in-app path as it is', () => {
    expect(safeNextPath('/users/42?tab=about')).toBe('/users/42?tab=about');
  });

  it.each(['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)', '', null, undefined])(
    'refuses %p, which could leave the site',
    (next) => {
      expect(safeNextPath(next, '/profile')).toBe('/profile');
    },
  );

  it('does not send someone back to an auth page after logging in', () => {
    expect(safeNextPath('/login?next=/x')).toBe('/');
    expect(safeNextPath('/reset-password?token=t')).toBe('/');
    expect(safeNextPath('/loginhistory')).toBe('/loginhistory');
  });
});
