import { describe, expect, it } from '@jest/globals';
import { draftFrom, profilePatch } from './profile-draft';

const me = { displayName: 'Ada Lovelace', bio: 'Analyst', birthdate: '1815-12-10', dmPolicy: 'friends' as const };

describe('profilePatch', () => {
  it('is empty when nothing changed', () => {
    expect(profilePatch(me, draftFrom(me))).toEqual({});
  });

  it('ignores edits that only add surrounding spaces (the server trims)', () => {
    expect(profilePatch(me, { ...draftFrom(me), displayName: '  Ada Lovelace ' })).toEqual({});
  });

  it('sends only the fields that changed', () => {
    expect(profilePatch(me, { ...draftFrom(me), bio: 'Poet of science' })).toEqual({ bio: 'Poet of science' });
  });

  it('sends null to clear an emptied birthdate', () => {
    expect(profilePatch(me, { ...draftFrom(me), birthdate: '' })).toEqual({ birthdate: null });
  });

  it('shows a missing birthdate as an empty input and sends a new one as typed', () => {
    const noBirthdate = { ...me, birthdate: null };
    expect(draftFrom(noBirthdate).birthdate).toBe('');
    expect(profilePatch(noBirthdate, { ...draftFrom(noBirthdate), birthdate: '1990-03-05' })).toEqual({ birthdate: '1990-03-05' });
  });

  it('sends an emptied display name, so the server says why it is refused', () => {
    expect(profilePatch(me, { ...draftFrom(me), displayName: '' })).toEqual({ displayName: '' });
  });

  it('sends the message policy only when it changed', () => {
    expect(profilePatch(me, { ...draftFrom(me), dmPolicy: 'everyone' })).toEqual({ dmPolicy: 'everyone' });
    expect(profilePatch({ ...me, dmPolicy: 'everyone' }, { ...draftFrom(me), dmPolicy: 'everyone' })).toEqual({});
  });
});
