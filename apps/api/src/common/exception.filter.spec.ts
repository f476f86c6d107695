import { describe, expect, it } from '@jest/globals';
import { BadRequestException, ForbiddenException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app-exception.js';
import { toErrorBody } from './exception.filter.js';

/** Looks like what body-parser throws (an http-errors error). */
function bodyParserError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, type, expose: true });
}

describe('toErrorBody', () => {
  it('answers an AppException with its code, message, details and headers', () => {
    expect(toErrorBody(AppException.validation('bio', 'is too long'))).toEqual({
      body: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'bio is too long', details: [{ field: 'bio', message: 'is too long' }] },
      headers: undefined,
      unexpected: false,
    });
    const limited = toErrorBody(AppException.rateLimited(12.2));
    expect(limited.body).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: 'Too many attempts, try again in 13 s' });
    expect(limited.headers).toEqual({ 'Retry-After': '13' });
    expect(toErrorBody(AppException.rateLimited(0.01)).headers).toEqual({ 'Retry-After': '1' });
    expect(toErrorBody(AppException.notFound('Room')).body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Room not found' });
  });

  it('maps Nest HTTP exceptions to contract codes', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /api/secret-internal-path')).body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: 'Not found',
    });
    expect(toErrorBody(new ForbiddenException()).body.code).toBe('FORBIDDEN');
    expect(toErrorBody(new PayloadTooLargeException()).body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(toErrorBody(new BadRequestException('bad')).body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'bad',
      details: [],
    });
  });

  it('maps body-parser errors: 413 too large, 400 malformed, 415 unsupported charset or encoding', () => {
    expect(toErrorBody(bodyParserError(413, 'entity.too.large', 'request entity too large')).body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(toErrorBody(bodyParserError(400, 'entity.parse.failed', 'Unexpected token } in JSON at position 12')).body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'The request body is not valid JSON',
      details: [{ field: 'body', message: 'is not valid JSON' }],
    });
    for (const type of ['charset.unsupported', 'encoding.unsupported']) {
      const r = toErrorBody(bodyParserError(415, type, 'unsupported charset "LATIN1"'));
      expect(r.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(r.unexpected).toBe(false);
    }
    expect(toErrorBody(bodyParserError(400, 'request.aborted', 'request aborted')).body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('answers anything unexpected with a bare 500 that carries no message, stack or SQL, and flags it for the log', () => {
    const sqlError = new QueryFailedError(
      'SELECT password_hash FROM users WHERE id = $1',
      ['x'],
      new Error('relation "users" does not exist'),
    );
    for (const err of [sqlError, new TypeError("Cannot read properties of undefined (reading 'id')"), 'a string', undefined]) {
      const r = toErrorBody(err);
      expect(r.body).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Internal server error' });
      expect(r.unexpected).toBe(true);
    }
    // a server-side http-errors error (not exposed) is not passed through either
    const internal = Object.assign(new Error('ECONNREFUSED 10.0.0.5:5432'), { status: 503, expose: false });
    expect(toErrorBody(internal).body.code).toBe('INTERNAL');
  });

  it('answers a database that gave no connection in time (pg-pool deadlines) with 503 UNAVAILABLE and Retry-After', () => {
    for (const message of ['timeout exceeded when trying to connect', 'Connection terminated due to connection timeout']) {
      const r = toErrorBody(new Error(message));
      expect(r.body).toMatchObject({ statusCode: 503, code: 'UNAVAILABLE' });
      expect(Number(r.headers?.['Retry-After'])).toBeGreaterThanOrEqual(1);
      expect(r.unexpected).toBe(false);
    }
  });
});
