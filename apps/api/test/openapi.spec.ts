import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './harness.js';

describe('OpenAPI at /api/docs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the document generated from the controllers, with request bodies described by the DTO rules', async () => {
    const res = await t.http().get('/api/docs/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/register', '/api/rooms/{id}/messages', '/api/files']));
    const register = res.body.components.schemas.RegisterDto;
    expect(register.required).toEqual(expect.arrayContaining(['username', 'email', 'password']));
    expect(register.properties.username).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(register.additionalProperties).toBe(false);
    expect(res.body.components.schemas.SendMessageDto.properties.attachmentIds).toMatchObject({ type: 'array', maxItems: 10 });
  });

  it('serves the interactive page', async () => {
    const res = await t.http().get('/api/docs');
    expect(res.status).toBe(200);
    expect(res.text).toContain('swagger');
  });
});
