import { expect } from '@jest/globals';
import type { Response } from 'supertest';

/**
 * Asserts the contract's error body: exactly statusCode, code, message (and details for VALIDATION_FAILED, and for
 * the CONFLICT that names taken fields), with nothing that looks like a stack trace or SQL.
 */
export function expectError(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const keys = Object.keys(res.body).sort();
  const withDetails = code === 'VALIDATION_FAILED' || (code === 'CONFLICT' && 'details' in res.body);
  expect(keys).toEqual(withDetails ? ['code', 'details', 'message', 'statusCode'] : ['code', 'message', 'statusCode']);
  if (withDetails) expect(Array.isArray(res.body.details)).toBe(true);
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/\bat .+:\d+:\d+|\.ts:\d+|\.js:\d+|node_modules/);
  expect(text).not.toMatch(/\b(SELECT|INSERT|UPDATE|DELETE)\b.*\b(FROM|INTO|SET|WHERE)\b|duplicate key|violates|relation "|QueryFailed/i);
}

/** Asserts a 400 VALIDATION_FAILED whose details name `field`. */
export function expectInvalid(res: Response, field: string): void {
  expectError(res, 400, 'VALIDATION_FAILED');
  const fields = (res.body.details as Array<{ field: string; message: string }>).map((d) => d.field);
  expect(fields).toContain(field);
  for (const d of res.body.details) expect(typeof d.message).toBe('string');
}
