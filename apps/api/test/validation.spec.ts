import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp, uniqueName } from './harness.js';
import { expectError, expectInvalid } from './support/errors.js';
import { sql } from './support/sql.js';

/** Input rules every JSON body goes through, shown on POST /api/auth/register (the richest public DTO). */
describe('request body validation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ REGISTER_LIMIT_PER_IP: '1000', MAX_JSON_BYTES: '4096' });
  });
  afterAll(async () => {
    await t.close();
  });

  const valid = () => {
    const username = uniqueName('v');
    return { username, email: `${username}@example.test`, password: 'correct horse battery' };
  };
  const post = (body: unknown) =>
    t
      .http()
      .post('/api/auth/register')
      .send(body as object);
  const postRaw = (text: string, type = 'application/json') => t.http().post('/api/auth/register').set('Content-Type', type).send(text);
  const countUsers = async () => Number((await sql<{ n: string }>(t.databaseUrl, 'SELECT count(*) AS n FROM users'))[0]!.n);

  it.each([
    ['a username with a space', { username: 'bad name' }, 'username'],
    ['a username with @', { username: 'bad@name' }, 'username'],
    ['a username with non-ASCII letters', { username: 'zoë_name' }, 'username'],
    ['a username with a NUL', { username: 'bad\u0000name' }, 'username'],
    ['a username of 2 characters', { username: 'ab' }, 'username'],
    ['a username of 33 characters', { username: 'a'.repeat(33) }, 'username'],
    ['a username that is only spaces around 2 characters', { username: '   ab   ' }, 'username'],
    ['an invalid email', { email: 'not-an-email' }, 'email'],
    ['an email without a domain', { email: 'someone@' }, 'email'],
    ['a password of 7 characters', { password: '1234567' }, 'password'],
    ['a password of 129 characters', { password: 'p'.repeat(129) }, 'password'],
    ['a password with a NUL', { password: 'correct horse\u0000battery' }, 'password'],
    ['a display name with a NUL', { displayName: 'Bad\u0000Name' }, 'displayName'],
    ['an empty display name', { displayName: '' }, 'displayName'],
    ['a display name of spaces only', { displayName: '    ' }, 'displayName'],
    ['a display name of 65 emoji (65 code points)', { displayName: '😀'.repeat(65) }, 'displayName'],
    ['a username that is a number', { username: 123 }, 'username'],
    ['a username that is an operator object', { username: { $gt: '' } }, 'username'],
    ['an email that is an array', { email: ['a@example.test'] }, 'email'],
    ['a password that is a boolean', { password: true }, 'password'],
    ['a password that is null', { password: null }, 'password'],
    ['an unknown field', { isAdmin: true }, 'isAdmin'],
    ['a second unknown field', { id: '00000000-0000-4000-8000-000000000000' }, 'id'],
  ])('refuses %s with 400 VALIDATION_FAILED naming the field', async (_label, patch, field) => {
    const res = await post({ ...valid(), ...patch });
    expectInvalid(res, field);
    expect(res.body.message).toContain(field);
  });

  it('refuses a missing field', async () => {
    const { username, email } = valid();
    expectInvalid(await post({ username, email }), 'password');
    expectInvalid(await post({}), 'username');
  });

  it('counts lengths in code points: a display name of 64 emoji (128 UTF-16 units) is accepted', async () => {
    const res = await post({ ...valid(), displayName: '😀'.repeat(64) });
    expect(res.status).toBe(201);
    expect(res.body.user.displayName).toBe('😀'.repeat(64));
    // the same for the password: 8 emoji are 8 characters, 7 are too few
    expect((await post({ ...valid(), password: '🔑'.repeat(8) })).status).toBe(201);
    expectInvalid(await post({ ...valid(), password: '🔑'.repeat(7) }), 'password');
  });

  it('accepts a username of exactly 3 and of exactly 32 characters', async () => {
    const short = `a${Math.random().toString(36).slice(2, 4)}`;
    expect((await post({ ...valid(), username: short })).status).toBe(201);
    const long = uniqueName('long').padEnd(32, 'x');
    expect((await post({ ...valid(), username: long, email: `${long}@example.test` })).status).toBe(201);
  });

  it.each([
    ['__proto__', (b: string) => `{"__proto__":{"isAdmin":true},${b}}`, '__proto__'],
    ['constructor', (b: string) => `{"constructor":{"prototype":{"isAdmin":true}},${b}}`, 'constructor'],
    ['a nested __proto__', (b: string) => `{"displayName":{"__proto__":{"x":1}},${b}}`, 'displayName.__proto__'],
  ])('refuses a raw JSON body with a %s key, and creates no user', async (_label, make, field) => {
    const before = await countUsers();
    const v = valid();
    const rest = JSON.stringify(v).slice(1, -1);
    const res = await postRaw(make(rest));
    expectInvalid(res, field);
    expect(await countUsers()).toBe(before);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('refuses JSON nested deeper than the limit', async () => {
    const deep = '{"a":'.repeat(20) + '1' + '}'.repeat(20);
    expectError(await postRaw(deep), 400, 'VALIDATION_FAILED');
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    for (const text of ['{"username": "abc",', '{username: "abc"}', "{'a': 1}", 'nope']) {
      const res = await postRaw(text);
      expectInvalid(res, 'body');
    }
  });

  it('refuses a JSON body that is not an object', async () => {
    for (const text of ['[]', '[{"username":"abc"}]', '"text"', '42', 'null']) {
      expectError(await postRaw(text), 400, 'VALIDATION_FAILED');
    }
  });

  it('answers a JSON body over MAX_JSON_BYTES with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post({ ...valid(), displayName: 'x'.repeat(5000) });
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    // just under the limit is parsed (and then judged by the rules: too long a name)
    expectInvalid(await post({ ...valid(), displayName: 'x'.repeat(3000) }), 'displayName');
  });

  it('answers a JSON body in an unsupported charset or encoding with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const body = JSON.stringify(valid());
    expectError(await postRaw(body, 'application/json; charset=latin1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const encoded = await t
      .http()
      .post('/api/auth/register')
      .set('Content-Type', 'application/json')
      .set('Content-Encoding', 'x-unknown')
      .send(body);
    expectError(encoded, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('lists every invalid field in details', async () => {
    const res = await post({ username: 'a', email: 'x', password: 'short', displayName: '' });
    expectError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['displayName', 'email', 'password', 'username']);
  });
});
