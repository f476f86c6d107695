import { describe, expect, it } from '@jest/globals';
import { ApiError } from './api-client';
import { describeError, fieldSentence, formatRetryAfter, isRetryable, readsAsSentence, toFormErrors } from './errors';

const FIELDS = ['username', 'email', 'password'] as const;

describe('toFormErrors', () => {
  it('puts each validation detail beside its field as a sentence, and leaves no alert when all of them found one', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'username must be 3 to 32 characters', [
      { field: 'username', message: 'must be 3 to 32 characters' },
      { field: 'password', message: 'must be 8 to 128 characters' },
    ]);
    expect(toFormErrors(error, FIELDS)).toEqual({
      fields: { username: 'Username must be 3 to 32 characters.', password: 'Password must be 8 to 128 characters.' },
      form: null,
    });
  });

  it('keeps the first message of a field that has several', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'x', [
      { field: 'email', message: 'must be a valid email address' },
      { field: 'email', message: 'must be at most 254 characters' },
    ]);
    expect(toFormErrors(error, FIELDS).fields).toEqual({ email: 'Enter an email address such as name@example.com.' });
  });

  it('says a detail about a field the form does not have without naming that field', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'x', [
      { field: 'username', message: 'is taken' },
      { field: 'nickname', message: 'is not an allowed field' },
    ]);
    const out = toFormErrors(error, FIELDS);
    expect(out.fields).toEqual({ username: 'This username is taken. Try another one.' });
    expect(out.form).toBe('Some of what you entered was not accepted. Check it and try again.');
    expect(out.form).not.toMatch(/nickname/i);
  });

  it('maps a nested field path to its top-level field', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'x', [{ field: 'email.address', message: 'is wrong' }]);
    expect(toFormErrors(error, FIELDS).fields).toEqual({ email: 'Email is wrong.' });
  });

  it('puts each conflict of a 409 on its own field: a taken username and a taken email both (issue 13, item 6)', () => {
    const error = new ApiError(409, 'CONFLICT', 'This username is taken and this email is already registered', [
      { field: 'username', message: 'is taken' },
      { field: 'email', message: 'is already registered' },
    ]);
    expect(toFormErrors(error, FIELDS)).toEqual({
      fields: {
        username: 'This username is taken. Try another one.',
        email: 'An account with this email already exists. Log in instead, or use another email.',
      },
      form: null,
    });
  });

  it('shows a 409 without details in the alert, as a sentence', () => {
    const error = new ApiError(409, 'CONFLICT', 'This username is taken');
    expect(toFormErrors(error, FIELDS)).toEqual({ fields: {}, form: 'This username is taken.' });
  });

  it('shows a 401 wrong login in the alert', () => {
    const error = new ApiError(401, 'UNAUTHENTICATED', 'Invalid login or password');
    expect(toFormErrors(error, ['login', 'password'])).toEqual({ fields: {}, form: 'Invalid login or password.' });
  });

  it('says a wrong current password as a person would (issue 13, item 7)', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'currentPassword is not your current password', [
      { field: 'currentPassword', message: 'is not your current password' },
    ]);
    expect(toFormErrors(error, ['currentPassword', 'newPassword']).fields).toEqual({
      currentPassword: 'That’s not your current password.',
    });
  });

  it('says a wrong password when deleting the account beside the password field', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'password is not your password', [
      { field: 'password', message: 'is not your password' },
    ]);
    expect(toFormErrors(error, ['password'])).toEqual({ fields: { password: 'That’s not your password.' }, form: null });
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

  it('says a 503 UNAVAILABLE is a busy server and nothing was saved, without the code or the server wording', () => {
    const text = describeError(new ApiError(503, 'UNAVAILABLE', 'statement_timeout on the writer', [], 2));
    expect(text).toBe('The server is busy right now and nothing was saved. Try again in a moment.');
    expect(describeError(new ApiError(503, 'UNAVAILABLE', 'x', [], 120))).toMatch(/Try again in 2 minutes\.$/);
  });

  it('does not show the server wording of a 500', () => {
    expect(describeError(new ApiError(500, 'INTERNAL', 'Internal server error'))).toBe(
      'Something went wrong on the server. Try again in a moment.',
    );
  });

  it('never shows a field name, a code or a MIME type (issue 13, item 4)', () => {
    expect(describeError(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'avatarFileId must name an image (PNG, JPEG, GIF or WebP)'))).toBe(
      'This type of file is not accepted here.',
    );
    expect(describeError(new ApiError(403, 'FORBIDDEN', 'replyToId is not yours'))).toBe('You are not allowed to do this.');
    expect(describeError(new ApiError(404, 'NOT_FOUND', 'NOT_FOUND'))).toBe('This no longer exists, or you cannot see it.');
    expect(
      describeError(
        new ApiError(400, 'VALIDATION_FAILED', 'attachmentIds must name files you uploaded', [
          { field: 'attachmentIds', message: 'must name files you uploaded' },
        ]),
      ),
    ).toBe('Some of what you entered was not accepted. Check it and try again.');
  });

  it('keeps a server sentence that reads as one, with a full stop', () => {
    expect(describeError(new ApiError(409, 'CONFLICT', 'You are the last owner: make someone else owner before leaving'))).toBe(
      'You are the last owner: make someone else owner before leaving.',
    );
    expect(describeError(new ApiError(404, 'NOT_FOUND', 'Room not found'))).toBe('Room not found.');
  });

  it('says validation details of known fields as sentences', () => {
    const error = new ApiError(400, 'VALIDATION_FAILED', 'name must be 1 to 80 characters', [
      { field: 'name', message: 'must be 1 to 80 characters' },
    ]);
    expect(describeError(error)).toBe('Name must be 1 to 80 characters.');
  });

  it('handles something that is not an ApiError', () => {
    expect(describeError(new TypeError('x is undefined'))).toMatch(/Reload the page/);
  });
});

describe('fieldSentence and readsAsSentence', () => {
  it('names no unknown field', () => {
    expect(fieldSentence('avatarFileId', 'does not name a file you uploaded')).toBeNull();
    expect(fieldSentence('displayName', 'must not contain control characters or bidi overrides')).toBe(
      'Display name contains characters that cannot be used.',
    );
  });

  it('tells identifiers, codes and technical words from sentences', () => {
    expect(readsAsSentence('This invite has expired')).toBe(true);
    expect(readsAsSentence('The file is larger than the limit of 25 MiB')).toBe(true);
    expect(readsAsSentence('avatarFileId must name an image')).toBe(false);
    expect(readsAsSentence('reply_to_id is wrong')).toBe(false);
    expect(readsAsSentence('Send the file as multipart/form-data')).toBe(false);
    expect(readsAsSentence('UNAVAILABLE')).toBe(false);
    expect(readsAsSentence('RATE_LIMITED')).toBe(false);
  });
});

describe('isRetryable', () => {
  it('offers a retry for the network, the server and limits, never for an input error', () => {
    expect(isRetryable(new ApiError(0, 'NETWORK_ERROR', 'x'))).toBe(true);
    expect(isRetryable(new ApiError(503, 'UNAVAILABLE', 'x'))).toBe(true);
    expect(isRetryable(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'x'))).toBe(false);
    expect(isRetryable(new ApiError(400, 'VALIDATION_FAILED', 'x'))).toBe(false);
    expect(isRetryable(new ApiError(413, 'PAYLOAD_TOO_LARGE', 'x'))).toBe(false);
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
