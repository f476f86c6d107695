import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, createApiClient, parseRetryAfter, toApiError } from './api-client';
import { createTokenStore, type TokenStore } from './token-store';

/** A real HTTP server whose answer each test sets, recording what the client sent. */
type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler;
let seen: { method?: string; url?: string; authorization?: string; contentType?: string; body: string }[] = [];
let server: Server;
let baseUrl: string;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const FUTURE = new Date(Date.now() + 3600_000).toISOString();
let tokens: TokenStore;
let onUnauthorized: jest.Mock<() => void>;

beforeEach(() => {
  seen = [];
  tokens = createTokenStore({ storage: null });
  onUnauthorized = jest.fn<() => void>();
});

const client = () => createApiClient({ baseUrl, tokens, onUnauthorized });

describe('api client', () => {
  it('sends the stored token as a bearer header and JSON bodies, and parses the JSON answer', async () => {
    tokens.set({ token: 'tok-1', expiresAt: FUTURE });
    handler = (_req, res) => json(res, 200, { id: 'u1', displayName: 'Ada' });

    const me = await client().patch<{ id: string; displayName: string }>('/users/me', { displayName: 'Ada' });

    expect(me).toEqual({ id: 'u1', displayName: 'Ada' });
    expect(seen[0]).toMatchObject({
      method: 'PATCH',
      url: '/api/users/me',
      authorization: 'Bearer tok-1',
      contentType: 'application/json',
      body: '{"displayName":"Ada"}',
    });
  });

  it('sends no Authorization header when logged out', async () => {
    handler = (_req, res) => json(res, 200, {});
    await client().post('/auth/login', { login: 'ada', password: 'x' });
    expect(seen[0]!.authorization).toBeUndefined();
  });

  it('encodes query parameters and leaves out undefined ones', async () => {
    handler = (_req, res) => json(res, 200, []);
    await client().get('/users', { query: { q: 'ada & bob', limit: 20, cursor: undefined } });
    expect(seen[0]!.url).toBe('/api/users?q=ada+%26+bob&limit=20');
  });

  it('answers undefined for 204 No Content', async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    await expect(client().delete('/auth/sessions/abc')).resolves.toBeUndefined();
  });

  it('sends the JSON body of a DELETE that has one', async () => {
    handler = (_req, res) => {
      res.writeHead(204);
      res.end();
    };
    await client().delete('/users/me', { body: { password: 'secret words' } });
    expect(seen[0]).toMatchObject({ method: 'DELETE', contentType: 'application/json', body: '{"password":"secret words"}' });
  });

  it('turns the contract error body into a typed ApiError with its field details', async () => {
    handler = (_req, res) =>
      json(res, 400, {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'username must be 3 to 32 characters',
        details: [
          { field: 'username', message: 'must be 3 to 32 characters' },
          { field: 'email', message: 'must be a valid email address' },
        ],
      });

    const error = await client()
      .post('/auth/register', {})
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'username must be 3 to 32 characters',
      details: [
        { field: 'username', message: 'must be 3 to 32 characters' },
        { field: 'email', message: 'must be a valid email address' },
      ],
    });
  });

  it('reads Retry-After from a 429', async () => {
    handler = (_req, res) =>
      json(res, 429, { statusCode: 429, code: 'RATE_LIMITED', message: 'Too many attempts, try again in 120 s' }, { 'Retry-After': '120' });

    const error = (await client()
      .post('/auth/login', {})
      .catch((e: unknown) => e)) as ApiError;

    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBe(120);
  });

  it('still gives a useful error when the body is not the contract (an HTML 502 from a proxy)', async () => {
    handler = (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html><body>Bad gateway</body></html>');
    };
    const error = (await client()
      .get('/users/me')
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(502);
    expect(error.code).toBe('BAD_RESPONSE');
    expect(error.details).toEqual([]);
  });

  it('does not trust a JSON body whose code is not one of the contract', async () => {
    handler = (_req, res) => json(res, 400, { statusCode: 400, code: 'SOMETHING_ELSE', message: 'x' });
    const error = (await client()
      .get('/users')
      .catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('BAD_RESPONSE');
  });

  it('on a 401 to an authenticated request, clears the token and reports the ended session once', async () => {
    tokens.set({ token: 'revoked', expiresAt: FUTURE });
    handler = (_req, res) => json(res, 401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Your session has ended' });

    const error = (await client()
      .get('/users/me')
      .catch((e: unknown) => e)) as ApiError;

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(tokens.get()).toBeNull();
    expect(tokens.endReason()).toBe('session-ended');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('treats a 401 to a request sent without a token (a wrong password) as a plain error', async () => {
    handler = (_req, res) => json(res, 401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Invalid login or password' });

    const error = (await client()
      .post('/auth/login', { login: 'ada', password: 'nope' })
      .catch((e: unknown) => e)) as ApiError;

    expect(error.message).toBe('Invalid login or password');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('keeps a newer token stored while the refused request was in flight (logged in again in another tab)', async () => {
    tokens.set({ token: 'old', expiresAt: FUTURE });
    handler = (_req, res) => {
      tokens.set({ token: 'new', expiresAt: FUTURE });
      json(res, 401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Authentication required' });
    };

    await expect(client().get('/users/me')).rejects.toBeInstanceOf(ApiError);
    expect(tokens.get()).toBe('new');
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const error = (await createApiClient({ baseUrl: `http://127.0.0.1:${port}/api`, tokens })
      .get('/health')
      .catch((e: unknown) => e)) as ApiError;

    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.code).toBe('NETWORK_ERROR');
  });

  it('lets a cancelled request reject with the abort, not an ApiError (react-query cancels stale searches)', async () => {
    handler = () => undefined; // never answers
    const controller = new AbortController();
    const pending = client().get('/users', { signal: controller.signal });
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('reports a 2xx answer that is not JSON as BAD_RESPONSE', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><html></html>');
    };
    await expect(client().get('/users/me')).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 200 });
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('30')).toBe(30);
  });

  it('reads an HTTP date as seconds from now, rounded up', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('gives null for a missing or unreadable header', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('toApiError', () => {
  it('maps a bare 401 without a contract body to UNAUTHENTICATED', async () => {
    const error = await toApiError(new Response('Unauthorized', { status: 401, statusText: 'Unauthorized' }));
    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe('The server answered 401 Unauthorized');
  });
});
