import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FileMeta, Room } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { png, postParts, startFilesApp, uploadFile } from './file-helpers.js';
import { createRoom, expectError, expectStatus, join, makeFriends, roomWith, say } from './social-helpers.js';

describe('GET /api/files/:id/content and /thumbnail: who may read', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startFilesApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const content = (u: Registered | null, f: { id: string }) => {
    const req = t.http().get(`/api/files/${f.id}/content`);
    return u ? req.set(as(u)) : req;
  };
  const thumbnail = (u: Registered | null, f: { id: string }) => {
    const req = t.http().get(`/api/files/${f.id}/thumbnail`);
    return u ? req.set(as(u)) : req;
  };
  /** Content and thumbnail both answer `status` to the user. */
  const expectReadable = async (u: Registered, f: FileMeta, readable: boolean) => {
    for (const res of [await content(u, f), await thumbnail(u, f)]) {
      if (readable) expectStatus(res, 200);
      else expectError(res, 404, 'NOT_FOUND');
    }
  };
  const send = (u: Registered, roomId: string, files: FileMeta[], body = '') =>
    say(t, u, roomId, body, { attachmentIds: files.map((f) => f.id) });

  describe('attachments', () => {
    let owner: Registered, member: Registered, outsider: Registered;
    let room: Room;
    beforeAll(async () => {
      [owner, member, outsider] = await Promise.all([register(t), register(t), register(t)]);
      room = await roomWith(t, owner, { members: [member] });
    });

    it('an upload not sent anywhere is readable by its uploader only (404, not 403, for others)', async () => {
      const f = await uploadFile(t, owner, await png(), 'mine.png');
      await expectReadable(owner, f, true);
      await expectReadable(member, f, false);
      await expectReadable(outsider, f, false);
    });

    it('a file sent in a private room is readable by its members; others get 404', async () => {
      const f = await uploadFile(t, owner, await png(), 'shared.png');
      await send(owner, room.id, [f], 'look');
      await expectReadable(owner, f, true);
      await expectReadable(member, f, true);
      await expectReadable(outsider, f, false);
    });

    it('in a public room, only members read attachments (the history is for members)', async () => {
      const pub = await createRoom(t, owner, { visibility: 'public' });
      await join(t, member, pub.id);
      const f = await uploadFile(t, owner, await png(), 'public.png');
      await send(owner, pub.id, [f]);
      await expectReadable(member, f, true);
      await expectReadable(outsider, f, false);
      // a member who leaves loses access
      expectStatus(await t.http().post(`/api/rooms/${pub.id}/leave`).set(as(member)), 204);
      await expectReadable(member, f, false);
    });

    it('a file sent by a member is readable by the other members too, not only by its uploader', async () => {
      const f = await uploadFile(t, member, 'notes', 'notes.txt');
      await send(member, room.id, [f]);
      expectStatus(await content(owner, f), 200);
      expectError(await content(outsider, f), 404, 'NOT_FOUND');
    });

    it('once its message is deleted, an attachment is 404 for everyone but its uploader', async () => {
      const f = await uploadFile(t, owner, await png(), 'regret.png');
      const m = await send(owner, room.id, [f], 'oops');
      await expectReadable(member, f, true);
      // deleted by an admin of the room or by the sender: the same
      expectStatus(await t.http().delete(`/api/messages/${m.id}`).set(as(owner)), 204);
      await expectReadable(member, f, false);
      await expectReadable(outsider, f, false);
      await expectReadable(owner, f, true);
      const history = await t.http().get(`/api/rooms/${room.id}/messages`).set(as(member));
      const tombstone = (history.body.messages as Array<{ id: string }>).find((x) => x.id === m.id);
      expect(tombstone).toMatchObject({ body: '', attachments: [], deletedAt: expect.any(String) });
    });

    it('a file whose message was deleted by an admin is 404 for the members too', async () => {
      const f = await uploadFile(t, member, 'spam', 'spam.txt');
      const m = await send(member, room.id, [f]);
      expectStatus(await t.http().delete(`/api/messages/${m.id}`).set(as(owner)), 204);
      expectError(await content(owner, f), 404, 'NOT_FOUND');
      expectStatus(await content(member, f), 200);
    });
  });

  describe('pictures', () => {
    it('a user’s avatar and cover are readable by any logged-in user, and no longer once replaced', async () => {
      const [u, stranger] = await Promise.all([register(t), register(t)]);
      const avatar = await uploadFile(t, u, await png(), 'me.png');
      const cover = await uploadFile(t, u, await png(800, 200), 'cover.png');
      await expectReadable(stranger, avatar, false);
      const res = await t.http().patch('/api/users/me').set(as(u)).send({ avatarFileId: avatar.id, coverFileId: cover.id });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ avatarUrl: avatar.url, coverUrl: cover.url });
      await expectReadable(stranger, avatar, true);
      await expectReadable(stranger, cover, true);
      expectError(await content(null, avatar), 401, 'UNAUTHENTICATED');
      expectStatus(await t.http().patch('/api/users/me').set(as(u)).send({ avatarFileId: null }), 200);
      await expectReadable(stranger, avatar, false);
      await expectReadable(stranger, cover, true);
      await expectReadable(u, avatar, true);
    });

    it('a room’s avatar and cover are readable by whoever sees the room: members and invitees of a private room, anyone for a public one', async () => {
      const [owner, member, invitee, outsider] = await Promise.all([register(t), register(t), register(t), register(t)]);
      const priv = await roomWith(t, owner, { members: [member] });
      const cover = await uploadFile(t, owner, await png(900, 300), 'room-cover.png');
      const avatar = await uploadFile(t, owner, await png(), 'room-avatar.png');
      const res = await t.http().patch(`/api/rooms/${priv.id}`).set(as(owner)).send({ coverFileId: cover.id, avatarFileId: avatar.id });
      expectStatus(res, 200);
      expect(res.body).toMatchObject({ coverUrl: cover.url, avatarUrl: avatar.url });
      await expectReadable(member, cover, true);
      await expectReadable(member, avatar, true);
      await expectReadable(outsider, cover, false);
      await expectReadable(invitee, cover, false);
      await makeFriends(t, owner, invitee);
      expectStatus(await t.http().post(`/api/rooms/${priv.id}/invites`).set(as(owner)).send({ userId: invitee.user.id }), 201);
      await expectReadable(invitee, cover, true);

      const pub = await createRoom(t, owner, { visibility: 'public' });
      const pubCover = await uploadFile(t, owner, await png(), 'pub.png');
      expectStatus(await t.http().patch(`/api/rooms/${pub.id}`).set(as(owner)).send({ coverFileId: pubCover.id }), 200);
      await expectReadable(outsider, pubCover, true);
      // the room made private: outsiders no longer see it, nor its pictures
      expectStatus(await t.http().patch(`/api/rooms/${pub.id}`).set(as(owner)).send({ visibility: 'private' }), 200);
      await expectReadable(outsider, pubCover, false);
    });
  });

  describe('authentication', () => {
    let u: Registered;
    let f: FileMeta;
    beforeAll(async () => {
      u = await register(t);
      f = await uploadFile(t, u, await png(), 'pic.png');
    });

    it('answers 401 without a session, with a bad token, and with a malformed header', async () => {
      for (const path of [`/api/files/${f.id}/content`, `/api/files/${f.id}/thumbnail`, `/api/files/not-a-uuid/content`]) {
        expectError(await t.http().get(path), 401, 'UNAUTHENTICATED');
        expectError(await t.http().get(path).set('Authorization', 'Bearer nonsense'), 401, 'UNAUTHENTICATED');
        expectError(await t.http().get(path).set('Authorization', `Basic ${u.token}`), 401, 'UNAUTHENTICATED');
        expectError(await t.http().get(path).set('Cookie', 'chat_token=nonsense'), 401, 'UNAUTHENTICATED');
      }
    });

    it('answers 404 for an unknown id and 400 for a malformed one, once authenticated', async () => {
      expectError(await content(u, { id: randomUUID() }), 404, 'NOT_FOUND');
      expectError(await t.http().get('/api/files/not-a-uuid/content').set(as(u)), 400, 'VALIDATION_FAILED');
    });

    it('login and register set an HttpOnly SameSite=Lax cookie for /api/files that lasts the session', async () => {
      const login = await t.http().post('/api/auth/login').send({ login: u.user.username, password: u.password });
      expectStatus(login, 200);
      const [cookie] = login.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(new RegExp(`^chat_token=${login.body.token.replace(/\./g, '\\.')};`));
      expect(cookie).toMatch(/; Max-Age=2592000;/);
      expect(cookie).toMatch(/; Path=\/api\/files;/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/Secure/); // PUBLIC_URL is http here
      const fresh = await t
        .http()
        .post('/api/auth/register')
        .send({ username: `c${randomUUID().slice(0, 8)}`, email: `${randomUUID()}@x.test`, password: 'long enough pw' });
      expectStatus(fresh, 201);
      expect((fresh.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^chat_token=[^;]+; Max-Age=2592000; Path=\/api\/files;/);
    });

    it('GET /users/me sets the cookie again from the bearer token, for sessions opened before it existed', async () => {
      const me = await t.http().get('/api/users/me').set(as(u));
      expectStatus(me, 200);
      const [cookie] = me.headers['set-cookie'] as unknown as string[];
      expect(cookie).toMatch(new RegExp(`^chat_token=${u.token.replace(/\./g, '\\.')};`));
      expect(cookie).toMatch(/; Path=\/api\/files;/);
      expect(cookie).toMatch(/; HttpOnly/);
      expectStatus(await t.http().get(`/api/files/${f.id}/content`).set('Cookie', cookie!.split(';')[0]!), 200);
    });

    it('accepts the cookie alone (an <img src>), and refuses it once its session is revoked or logged out', async () => {
      const sessionOf = async () => {
        const res = await t.http().post('/api/auth/login').send({ login: u.user.username, password: u.password });
        return { token: res.body.token as string, cookie: (res.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]! };
      };
      const a = await sessionOf();
      const img = await t.http().get(`/api/files/${f.id}/content`).set('Cookie', `other=1; ${a.cookie}`);
      expectStatus(img, 200);
      expect(img.headers['content-type']).toBe('image/png');
      expectStatus(await t.http().get(`/api/files/${f.id}/thumbnail`).set('Cookie', a.cookie), 200);
      // the bearer header wins when both are sent: a bad one is not rescued by a good cookie
      expectError(await t.http().get(f.url).set('Cookie', a.cookie).set('Authorization', 'Bearer nonsense'), 401, 'UNAUTHENTICATED');
      // the cookie opens nothing else
      expectError(await t.http().get('/api/users/me').set('Cookie', a.cookie), 401, 'UNAUTHENTICATED');

      // logout revokes the session and clears the cookie
      const out = await t.http().post('/api/auth/logout').set(bearer(a.token));
      expectStatus(out, 204);
      expect((out.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^chat_token=; Path=\/api\/files; Expires=Thu, 01 Jan 1970/);
      expectError(await t.http().get(f.url).set('Cookie', a.cookie), 401, 'UNAUTHENTICATED');

      // a session revoked from another device
      const b = await sessionOf();
      expectStatus(await t.http().get(f.url).set('Cookie', b.cookie), 200);
      const sessions = await t.http().get('/api/auth/sessions').set(as(u));
      const target = (sessions.body as Array<{ id: string; current: boolean }>).find((s) => !s.current && s.id);
      const bSid = JSON.parse(Buffer.from(b.token.split('.')[1]!, 'base64url').toString()).sid as string;
      expect(target).toBeDefined();
      expectStatus(await t.http().delete(`/api/auth/sessions/${bSid}`).set(as(u)), 204);
      expectError(await t.http().get(f.url).set('Cookie', b.cookie), 401, 'UNAUTHENTICATED');
    });
  });
});

describe('GET /api/files/:id/content: headers that keep browsers from running files', () => {
  let t: TestApp;
  let u: Registered;
  beforeAll(async () => {
    t = await startFilesApp({ PUBLIC_URL: 'https://chat.example.test' });
    u = await register(t);
  });
  afterAll(async () => {
    await t.close();
  });
  const get = (f: FileMeta, what = 'content') => t.http().get(`/api/files/${f.id}/${what}`).set(bearer(u.token));
  /** Uploads with the name sent as filename* (RFC 5987), which may hold quotes and newlines. */
  const uploadNamed = async (data: Buffer | string, name: string) => {
    const res = await postParts(t, u, [{ name: 'file', data, filenameStar: name }]);
    expectStatus(res, 201);
    return res.body as FileMeta;
  };
  const expectSafe = (res: { headers: Record<string, string> }) => {
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
  };

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const login = await t.http().post('/api/auth/login').send({ login: u.user.username, password: u.password });
    expect((login.headers['set-cookie'] as unknown as string[])[0]).toMatch(/; Secure/);
  });

  it('serves PNG, JPEG, GIF and WebP inline with their type, and their thumbnail as WebP', async () => {
    const f = await uploadNamed(await png(), 'photo "one".png');
    const res = await get(f);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe('inline; filename="photo _one_.png"');
    expect(res.headers['content-length']).toBe(String(f.size));
    expectSafe(res);
    const thumb = await get(f, 'thumbnail');
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.headers['content-disposition']).toMatch(/^inline/);
    expectSafe(thumb);
  });

  it('serves HTML named .png, SVG and any other type as an attachment, never inline, never as HTML or SVG', async () => {
    const html = await uploadFile(t, u, '<html><body><script>alert(1)</script></body></html>', 'cute-cat.png', 'image/png');
    const svg = await uploadFile(
      t,
      u,
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      'logo.svg',
      'image/svg+xml',
    );
    const xmlSvg = await uploadFile(t, u, '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', 'x.svg', 'image/svg+xml');
    for (const f of [html, svg, xmlSvg]) {
      const res = await get(f);
      expectStatus(res, 200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="/);
      expect(res.headers['content-type']).not.toMatch(/html|svg|^image\//);
      expectSafe(res);
      expectError(await get(f, 'thumbnail'), 404, 'NOT_FOUND');
    }
    expect((await get(html)).headers['content-disposition']).toBe('attachment; filename="cute-cat.png"');
  });

  it('gives a sanitised RFC 6266 name: an ASCII fallback and the UTF-8 name in filename*', async () => {
    const f = await uploadNamed('hello', '😀 résumé\r\n"final".txt');
    const res = await get(f);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="_ resume_final_.txt"; filename*=UTF-8''%F0%9F%98%80%20r%C3%A9sum%C3%A9_final_.txt`,
    );
    expectSafe(res);
  });

  it('answers 304 to a matching If-None-Match, after the same authorisation', async () => {
    const f = await uploadFile(t, u, await png(), 'cached.png');
    const first = await get(f);
    const etag = first.headers['etag'];
    expect(etag).toBeTruthy();
    const again = await get(f).set('If-None-Match', etag!);
    expect(again.status).toBe(304);
    const stranger = await register(t);
    expectError(await t.http().get(f.url).set(bearer(stranger.token)).set('If-None-Match', etag!), 404, 'NOT_FOUND');
  });
});
