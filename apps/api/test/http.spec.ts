import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Express } from 'express';
import { startTestApp, type TestApp } from './harness.js';
import { expectError } from './support/errors.js';

/** What every HTTP response carries, whatever the route. */
describe('HTTP responses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('builds requests and responses with Express’s prototypes from the start (no prototype change per request)', async () => {
    const express = t.app.getHttpAdapter().getInstance() as Express;
    const seen: { req: http.IncomingMessage; res: http.ServerResponse; protos: [object, object] }[] = [];
    const server = t.app.getHttpServer() as http.Server;
    const capture = (req: http.IncomingMessage, res: http.ServerResponse) =>
      seen.push({ req, res, protos: [Object.getPrototypeOf(req) as object, Object.getPrototypeOf(res) as object] });
    // a listener added first sees the objects as the server made them, before Express handles them
    server.prependListener('request', capture);
    try {
      const res = await t.http().get('/api/health');
      expect(res.status).toBe(200);
    } finally {
      server.removeListener('request', capture);
    }
    const { req, res, protos } = seen[0]!;
    expect(protos[0]).toBe(express.request);
    expect(protos[1]).toBe(express.response);
    expect(req).toBeInstanceOf(http.IncomingMessage);
    expect(res).toBeInstanceOf(http.ServerResponse);
  });

  it.each([
    ['a public route', '/api/health'],
    ['a refused route', '/api/users/me'],
    ['an unknown route', '/api/nope'],
  ])('carries the security headers on %s', async (_label, path) => {
    const res = await t.http().get(path);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('gives every response an X-Request-Id, a new one each time', async () => {
    const a = await t.http().get('/api/health');
    const b = await t.http().get('/api/nope');
    expect(a.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
    expect(b.headers['x-request-id']).toMatch(/^[\w.-]{1,64}$/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('echoes a sane X-Request-Id from the client and replaces an unsafe one', async () => {
    const sane = await t.http().get('/api/health').set('X-Request-Id', 'client-req.42');
    expect(sane.headers['x-request-id']).toBe('client-req.42');
    const unsafe = await t.http().get('/api/health').set('X-Request-Id', 'bad id <script>');
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const long = await t.http().get('/api/health').set('X-Request-Id', 'x'.repeat(65));
    expect(long.headers['x-request-id']).not.toBe('x'.repeat(65));
  });

  it('answers unknown API routes and methods with the contract error body', async () => {
    expectError(await t.http().get('/api/nope'), 404, 'NOT_FOUND');
    expectError(await t.http().post('/api/health').send({}), 404, 'NOT_FOUND');
  });

  it('lets the configured web origins call the API from a browser, and exposes Retry-After and X-Request-Id', async () => {
    const res = await t
      .http()
      .options('/api/auth/login')
      .set('Origin', 'http://localhost:3000')
      .set('Access-Control-Request-Method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const get = await t.http().get('/api/health').set('Origin', 'http://localhost:3000');
    expect(get.headers['access-control-expose-headers']).toContain('Retry-After');
    expect(get.headers['access-control-expose-headers']).toContain('X-Request-Id');
    const evil = await t.http().get('/api/health').set('Origin', 'https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });
});
