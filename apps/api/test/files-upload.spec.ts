import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FileMeta } from '@chat/contracts';
import sharp from 'sharp';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import {
  byteChunks,
  fileRows,
  filesOnDisk,
  jpeg,
  png,
  pngClaiming,
  postFile,
  postParts,
  rawUpload,
  startFilesApp,
  uploadFile,
} from './file-helpers.js';
import { expectError, expectInvalid, expectStatus } from './social-helpers.js';

type FilesApp = TestApp & { dataDir: string };

/** Asserts that a refused upload left nothing: no row of the user, nothing under DATA_DIR/files (spool included). */
async function expectNothingStored(t: FilesApp, user: Registered, before: string[] = []): Promise<void> {
  expect(await fileRows(t, user.user.id)).toEqual([]);
  expect(filesOnDisk(t.dataDir)).toEqual(before);
}

describe('POST /api/files', () => {
  let t: FilesApp;
  let alice: Registered;
  beforeAll(async () => {
    t = await startFilesApp();
    alice = await register(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores an image: 201 FileMeta with the detected type, its dimensions, and a thumbnail on disk', async () => {
    const bytes = await png(640, 480);
    const res = await postFile(t, alice, bytes, 'holiday.png', 'image/png');
    expectStatus(res, 201);
    const meta = res.body as FileMeta;
    expect(meta).toEqual({
      id: expect.any(String),
      name: 'holiday.png',
      size: bytes.length,
      contentType: 'image/png',
      url: `/api/files/${meta.id}/content`,
      width: 640,
      height: 480,
    });
    const [row] = await fileRows(t, alice.user.id);
    expect(row!.id).toBe(meta.id);
    // a server-made storage name, and its thumbnail beside it
    expect(row!.storage_key).toMatch(/^[0-9a-f-]{36}$/);
    expect(filesOnDisk(t.dataDir)).toEqual(
      expect.arrayContaining([
        `${row!.storage_key.slice(0, 2)}/${row!.storage_key}`,
        `${row!.storage_key.slice(0, 2)}/${row!.storage_key}.thumb`,
      ]),
    );
    const content = await t.http().get(meta.url).set(bearer(alice.token)).buffer(true);
    expectStatus(content, 200);
    expect(Buffer.compare(content.body as Buffer, bytes)).toBe(0);
    const thumb = await t.http().get(`/api/files/${meta.id}/thumbnail`).set(bearer(alice.token)).buffer(true);
    expectStatus(thumb, 200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const info = await sharp(thumb.body as Buffer).metadata();
    expect(info.format).toBe('webp');
    expect(Math.max(info.width!, info.height!)).toBeLessThanOrEqual(320);
  });

  it('detects JPEG, GIF and WebP from the bytes whatever the name and the declared type say', async () => {
    const base = sharp({ create: { width: 30, height: 20, channels: 3, background: 'green' } });
    const cases: Array<[Buffer, string]> = [
      [await jpeg(30, 20), 'image/jpeg'],
      [await base.clone().gif().toBuffer(), 'image/gif'],
      [await base.clone().webp().toBuffer(), 'image/webp'],
    ];
    for (const [bytes, type] of cases) {
      const meta = await uploadFile(t, alice, bytes, 'document.txt', 'text/plain');
      expect(meta).toMatchObject({ contentType: type, width: 30, height: 20, name: 'document.txt' });
    }
  });

  it('takes the type from the bytes: a .png name with HTML or JavaScript bytes is no image', async () => {
    const html = await uploadFile(t, alice, '<!doctype html><script>alert(document.cookie)</script>', 'cute-cat.png', 'image/png');
    expect(html).toMatchObject({ name: 'cute-cat.png', width: null, height: null });
    expect(html.contentType).not.toMatch(/^image\/|html/);
    const js = await uploadFile(t, alice, 'fetch("/api/users/me").then(r => r.text())', 'x.png', 'image/png');
    expect(js.contentType).toBe('text/plain');
    const svg = await uploadFile(t, alice, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'logo.svg', 'image/svg+xml');
    expect(svg.contentType).not.toMatch(/svg|^image\//);
    const binary = await uploadFile(t, alice, Buffer.from([0, 1, 2, 3, 250, 251, 252]), 'a.gif', 'image/gif');
    expect(binary.contentType).toBe('application/octet-stream');
    // an image signature on bytes that are no readable image is kept as a plain download
    const broken = await uploadFile(t, alice, Buffer.concat([(await png(10, 10)).subarray(0, 40), Buffer.alloc(50)]), 'broken.png');
    expect(broken).toMatchObject({ contentType: 'application/octet-stream', width: null, height: null });
    const thumb = await t.http().get(`/api/files/${broken.id}/thumbnail`).set(bearer(alice.token));
    expectError(thumb, 404, 'NOT_FOUND');
  });

  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\config', 'config'],
    ['/etc/shadow', 'shadow'],
    ['..', 'file'],
    ['.bashrc', 'bashrc'],
  ])('keeps only the last part of the path name %j (as %j), for display only', async (raw, shown) => {
    const meta = await uploadFile(t, alice, 'hello', raw);
    expect(meta.name).toBe(shown);
    const [row] = (await fileRows(t, alice.user.id)).filter((r) => r.id === meta.id);
    expect(row!.storage_key).not.toContain(shown);
    expect(filesOnDisk(t.dataDir).some((p) => p.includes('passwd') || p.includes('..'))).toBe(false);
  });

  it('strips NUL, control characters, newlines and quotes from a name sent as filename* (RFC 5987)', async () => {
    const res = await postParts(t, alice, [{ name: 'file', data: 'x', filenameStar: 'a\u0000b\r\nX-Evil: 1"quoted"\u202Egpj.exe' }]);
    expectStatus(res, 201);
    expect(res.body.name).toBe('abX-Evil_ 1_quoted_gpj.exe');
    const long = await postParts(t, alice, [{ name: 'file', data: 'x', filenameStar: `${'é'.repeat(400)}.pdf` }]);
    expectStatus(long, 201);
    expect([...long.body.name]).toHaveLength(200);
    expect(long.body.name.endsWith('é.pdf')).toBe(true);
  });

  it('refuses an image whose header claims 50000×50000 pixels with 413, before decoding it, and stores nothing', async () => {
    const bob = await register(t);
    const before = filesOnDisk(t.dataDir);
    const bomb = pngClaiming(50_000, 50_000);
    expect(bomb.length).toBeLessThan(1000);
    const res = await postFile(t, bob, bomb, 'bomb.png', 'image/png');
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.message).toMatch(/50000×50000 pixels/);
    await expectNothingStored(t, bob, before);
  });

  it('refuses what is not one file in a field named "file" with 400, and a body that is not multipart with 415', async () => {
    const bob = await register(t);
    const before = filesOnDisk(t.dataDir);
    expectInvalid(await postParts(t, bob, [{ name: 'upload', data: 'x', filename: 'a.txt' }]), 'upload');
    expectInvalid(
      await postParts(t, bob, [
        { name: 'file', data: 'x', filename: 'a.txt' },
        { name: 'name', data: 'evil' },
      ]),
      'name',
    );
    expectInvalid(
      await postParts(t, bob, [
        { name: 'file', data: 'x', filename: 'a.txt' },
        { name: 'file', data: 'y', filename: 'b.txt' },
      ]),
      'file',
    );
    expectInvalid(await postParts(t, bob, [{ name: 'file', data: '', filename: 'empty.txt' }]), 'file');
    expectInvalid(await postParts(t, bob, []), 'file');
    expectError(await t.http().post('/api/files').set(bearer(bob.token)).send({ file: 'x' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectNothingStored(t, bob, before);
  });

  it('needs a session (401), and a bearer header: the cookie is not enough to upload', async () => {
    expectError(await postParts(t, null, [{ name: 'file', data: 'x', filename: 'a.txt' }]), 401, 'UNAUTHENTICATED');
    const login = await t.http().post('/api/auth/login').send({ login: alice.user.username, password: alice.password });
    const cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const res = await t.http().post('/api/files').set('Cookie', cookie).attach('file', Buffer.from('x'), 'a.txt');
    expectError(res, 401, 'UNAUTHENTICATED');
  });
});

describe('POST /api/files: size limit and quota', () => {
  let t: FilesApp;
  const LIMIT = 64 * 1024;
  beforeAll(async () => {
    t = await startFilesApp({ MAX_FILE_BYTES: String(LIMIT), USER_QUOTA_BYTES: String(150 * 1024) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('accepts a file of exactly MAX_FILE_BYTES', async () => {
    const u = await register(t);
    const meta = await uploadFile(t, u, Buffer.alloc(LIMIT, 0xab));
    expect(meta.size).toBe(LIMIT);
  });

  it('refuses one byte more with 413 from its declared length, storing nothing', async () => {
    const u = await register(t);
    const before = filesOnDisk(t.dataDir);
    const res = await postFile(t, u, Buffer.alloc(LIMIT + 20 * 1024, 0xab));
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.message).toBe('The file is larger than the limit of 64 KiB');
    await expectNothingStored(t, u, before);
  });

  it('refuses a streamed body (no Content-Length) once it passes the limit, leaving no spool file', async () => {
    const u = await register(t);
    const before = filesOnDisk(t.dataDir);
    const res = await rawUpload(t, { token: u.token, chunked: true, chunks: () => byteChunks(4, 32 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    await expectNothingStored(t, u, before);
    // just one byte over, declared exactly: the envelope's slack lets it in, the stream limit refuses it
    const over = await postFile(t, u, Buffer.alloc(LIMIT + 1, 0xab));
    expectError(over, 413, 'PAYLOAD_TOO_LARGE');
    await expectNothingStored(t, u, before);
  });

  it('keeps each user within USER_QUOTA_BYTES: 413 with a clear message, nothing stored, others unaffected', async () => {
    const u = await register(t);
    const other = await register(t);
    await uploadFile(t, u, Buffer.alloc(60 * 1024, 0xab));
    await uploadFile(t, u, Buffer.alloc(60 * 1024, 0xab));
    const rows = await fileRows(t, u.user.id);
    const before = filesOnDisk(t.dataDir);
    const res = await postFile(t, u, Buffer.alloc(40 * 1024, 0xab));
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.message).toBe('This file does not fit in your storage quota: 120 KiB of 150 KiB used');
    expect(await fileRows(t, u.user.id)).toEqual(rows);
    expect(filesOnDisk(t.dataDir)).toEqual(before);
    // what still fits is accepted; the other user has a quota of their own
    await uploadFile(t, u, Buffer.alloc(30 * 1024, 0xab));
    expectError(await postFile(t, u, 'x'), 413, 'PAYLOAD_TOO_LARGE');
    await uploadFile(t, other, Buffer.alloc(60 * 1024, 0xab));
  });

  it('does not let concurrent uploads of one user pass the quota together', async () => {
    const u = await register(t);
    const results = await Promise.all(Array.from({ length: 4 }, () => postFile(t, u, Buffer.alloc(60 * 1024, 0xab))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 413, 413]);
    const rows = await fileRows(t, u.user.id);
    expect(rows).toHaveLength(2);
    // only the two stored files and nothing else of this user on disk
    const keys = new Set(rows.map((r) => r.storage_key));
    const mine = filesOnDisk(t.dataDir).filter((p) => p.startsWith('.tmp/') || keys.has(p.split('/').pop()!));
    expect(mine).toHaveLength(2);
  });
});

describe('POST /api/files: rate limit', () => {
  let t: FilesApp;
  beforeAll(async () => {
    t = await startFilesApp({ UPLOAD_RATE_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After past UPLOAD_RATE_PER_MINUTE uploads of one user, storing nothing', async () => {
    const [u, other] = await Promise.all([register(t), register(t)]);
    for (let i = 0; i < 3; i++) await uploadFile(t, u, `file ${i}`);
    const res = await postFile(t, u, 'one too many');
    expectError(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(await fileRows(t, u.user.id)).toHaveLength(3);
    await uploadFile(t, other, 'someone else');
  });
});
