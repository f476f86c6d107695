import { describe, expect, it } from '@jest/globals';
import { ApiError } from './api-client';
import { describeError, formatRetryAfter, toFormErrors } from './errors';

const FIELDS = ['username', 'email', 'password'] as const;

describe('toFormErrors', () => {
  it('puts each validation detail beside its field and leaves no alert when all of them found one', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'username must be 3 to 32 characters', [
      { field: 'username', message: 'must be 3 to 32 characters' },
      { field: 'password', message: 'must be 8 to 128 characters' },
    ]);
    expect(toFormErrors(error, FIELDS)).toEqual({
      fields: { username: 'must be 3 to 32 characters', password: 'must be 8 to 128 characters' },
      form: null,
    });
  });

  it('keeps the first message of a field that has several', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'x', [
      { field: 'email', message: 'must be a valid email address' },
      { field: 'email', message: 'must be at most 254 characters' },
    ]);
    expect(toFormErrors(error, FIELDS).fields).toEqual({ email: 'must be a valid email address' });
  });

  it('sends details about fields the form does not have to the alert', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'x', [
      { field: 'username', message: 'is taken' },
      { field: 'nickname', message: 'is not an allowed field' },
    ]);
    expect(toFormErrors(error, FIELDS)).toEqual({ fields: { username: 'is taken' }, form: 'Nickname is not an allowed field' });
  });

  it('maps a nested field path to its top-level field', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'x', [{ field: 'email.address', message: 'is wrong' }]);
    expect(toFormErrors(error, FIELDS).fields).toEqual({ email: 'is wrong' });
  });

  it('shows a 409 (taken username) in the alert, with the server message', () => {
    const error = new ApiError(409, 'CONFLICT', 'This username is taken');
    expect(toFormErrors(error, FIELDS)).toEqual({ fields: {}, form: 'This username is taken' });
  });

  it('shows a 401 wrong login in the alert', () => {
    const error = new ApiError(401, 'UNAUTHENTICATED', 'Invalid login or password');
    expect(toFormErrors(error, ['login', 'password'])).toEqual({ fields: {}, form: 'Invalid login or password' });
  });

  it('has nothing to show without an error', () => {
    expect(toFormErrors(null, FIELDS)).toEqual({ fields: {}, form: null });
  });
});

describe('describeError', () => {
  it('says when to retry after a 429', () => {
    expect(describeError(new ApiError(429, 'RATE_LIMITED', 'Too many attempts', [], 300))).toBe(
      'Too many attempts. Try again in 5 minutes.',
    );
  });

  it('does not show the server wording of a 500', () => {
    expect(describeError(new ApiError(500, 'INTERNAL', 'Internal server error'))).toBe(
      'Something went wrong on the server. Try again in a moment.',
    );
  });

  it('handles something that is not an ApiError', () => {
    expect(describeError(new TypeError('x is undefined'))).toMatch(/Reload the page/);
  });
});

describe('formatRetryAfter', () => {
  it.each([
    [1, 'in 1 second'],
    [45, 'in 45 seconds'],
    [60, 'in 1 minute'],
    [61, 'in 2 minutes'],
    [900, 'in 15 minutes'],
    [7200, 'in about 2 hours'],
    [null, 'in a little while'],
  ])('%p seconds → %p', (seconds, text) => {
    expect(formatRetryAfter(seconds)).toBe(text);
  });
});
