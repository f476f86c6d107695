import { describe, expect, it } from '@jest/globals';
import { BODY_MAX, draftState, excerpt, newClientId } from './composer-text';

describe('draftState', () => {
  it('counts code points, as the server does: an emoji is one', () => {
    expect(draftState('😀'.repeat(BODY_MAX)).over).toBe(false);
    expect(draftState('😀'.repeat(BODY_MAX + 1))).toMatchObject({ over: true, canSend: false, length: BODY_MAX + 1 });
  });

  it('ignores the white space the server trims', () => {
    expect(draftState(`  ${'a'.repeat(BODY_MAX)}\n\n`).over).toBe(false);
  });

  it('refuses a body of only white space or zero-width characters', () => {
    expect(draftState(' \n\t').canSend).toBe(false);
    expect(draftState('\u200b\u200b').canSend).toBe(false);
    expect(draftState('hi').canSend).toBe(true);
  });

  it('shows the counter only near the limit', () => {
    expect(draftState('hi').showCounter).toBe(false);
    expect(draftState('a'.repeat(BODY_MAX - 10)).showCounter).toBe(true);
  });
});

describe('excerpt and clientId', () => {
  it('flattens and shortens a body on a code point boundary', () => {
    expect(excerpt('a\n\nb   c')).toBe('a b c');
    expect(excerpt('😀'.repeat(10), 5)).toBe('😀😀😀😀…');
  });

  it('makes a UUID the server accepts as clientId', () => {
    const id = newClientId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientId()).not.toBe(id);
  });
});
