import { describe, expect, it } from '@jest/globals';
import { ApiError } from '../lib/api-client';
import { shouldRetry } from './query-client';

describe('shouldRetry', () => {
  it('retries network failures and 5xx twice', () => {
    const network = new ApiError(0, 'NETWORK_ERROR', 'offline');
    expect(shouldRetry(0, network)).toBe(true);
    expect(shouldRetry(1, network)).toBe(true);
    expect(shouldRetry(2, network)).toBe(false);
    expect(shouldRetry(0, new ApiError(503, 'INTERNAL', 'down'))).toBe(true);
  });

  it('never retries an answer that will not change (404, 401, 400, 429)', () => {
    for (const [status, code] of [
      [404, 'NOT_FOUND'],
      [401, 'UNAUTHENTICATED'],
      [400, 'VALIDATION_FAILED'],
      [429, 'RATE_LIMITED'],
    ] as const) {
      expect(shouldRetry(0, new ApiError(status, code, 'x'))).toBe(false);
    }
  });
});
