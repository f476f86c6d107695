import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { PushSubscriptionInfo, Room } from '@chat/contracts';
import { DataSource } from 'typeorm';
import { bearer, register, type Registered, startTestApp, type TestApp } from './harness.js';
import { createRoom, expectError, expectInvalid, expectStatus, join as joinRoom, makeFriends, say } from './social-helpers.js';
import { closeAllSockets, connect, sleep } from './socket-helpers.js';
import { png, uploadFile } from './file-helpers.js';
import { type Device, PushEndpoint } from './support/push-endpoint.js';

describe('Web Push', () => {
  let t: TestApp;
  let push: PushEndpoint;
  const dataDir = mkdtempSync(join(tmpdir(), 'push-spec-'));
  beforeAll(async () => {
    push = await PushEndpoint.start();
    t = await startTestApp({
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://chat.example.test',
      PUSH_ENDPOINT_HOSTS: '127.0.0.1,*.push.example.test',
      PUSH_RETRY_BASE_MS: '200',
      REGISTER_LIMIT_PER_IP: '100000',
      MESSAGE_RATE_PER_SECOND: '100000',
      MESSAGE_BURST: '100000',
    });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
    await push.close();
  });

  const subscribe = (u: Registered, d: Pick<Device, 'endpoint' | 'keys'>) =>
    t.http().post('/api/push/subscriptions').set(bearer(u.token)).send({ endpoint: d.endpoint, keys: d.keys });

  async function dmPair(): Promise<{ ada: Registered; bo: Registered; dm: Room }> {
    const ada = await register(t);
    const bo = await register(t);
    await makeFriends(t, ada, bo);
    const dm = (await t.http().post('/api/dms').set(bearer(ada.token)).send({ userId: bo.user.id })).body as Room;
    return { ada, bo, dm };
  }

  const jobsLeft = async () =>
    Number((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM delivery_jobs WHERE kind = 'push'`))[0].n);

  it('answers the VAPID public key kept in DATA_DIR, an uncompressed P-256 point', async () => {
    const bo = await register(t);
    const res = await t.http().get('/api/push/vapid-public-key').set(bearer(bo.token));
    expectStatus(res, 200);
    const raw = Buffer.from(res.body.key as string, 'base64url');
    expect(raw).toHaveLength(65);
    expect(raw[0]).toBe(4);
    const file = join(dataDir, 'vapid-keys.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).publicKey).toBe(res.body.key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expectError(await t.http().get('/api/push/vapid-public-key'), 401, 'UNAUTHENTICATED');
  });

  it("stores, lists and deletes the caller's subscriptions, each user their own", async () => {
    const bo = await register(t);
    const cy = await register(t);
    const phone = push.device('list-phone');
    const created = await subscribe(bo, phone);
    expectStatus(created, 201);
    expect(created.body).toEqual({ id: expect.any(String) });
    // the same endpoint again (renewed keys) keeps its id
    expect((await subscribe(bo, { endpoint: phone.endpoint, keys: push.device('list-phone-2').keys })).body.id).toBe(created.body.id);
    const list = (await t.http().get('/api/push/subscriptions').set(bearer(bo.token))).body as PushSubscriptionInfo[];
    expect(list).toEqual([{ id: created.body.id, endpoint: phone.endpoint, createdAt: expect.any(String) }]);
    expect((await t.http().get('/api/push/subscriptions').set(bearer(cy.token))).body).toEqual([]);
    expectError(await t.http().delete(`/api/push/subscriptions/${created.body.id}`).set(bearer(cy.token)), 404, 'NOT_FOUND');
    expectStatus(await t.http().delete(`/api/push/subscriptions/${created.body.id}`).set(bearer(bo.token)), 204);
    expect((await t.http().get('/api/push/subscriptions').set(bearer(bo.token))).body).toEqual([]);
    expectError(await t.http().delete(`/api/push/subscriptions/${created.body.id}`).set(bearer(bo.token)), 404, 'NOT_FOUND');
  });

  it('accepts endpoints only on PUSH_ENDPOINT_HOSTS, https but for listed loopback hosts, with real keys (400 otherwise)', async () => {
    const bo = await register(t);
    const { keys } = push.device('guard');
    const bad = async (endpoint: string) => expectInvalid(await subscribe(bo, { endpoint, keys }), 'endpoint');
    expectStatus(await subscribe(bo, { endpoint: 'https://eu.push.example.test/send/abc', keys }), 201);
    await bad('http://eu.push.example.test/send/abc'); // http off loopback
    await bad('https://evil.example.test/send/abc'); // not listed
    await bad('https://push.example.test.evil.test/x'); // a suffix is not a subdomain
    await bad('http://localhost:9/x'); // loopback but not listed
    await bad('http://10.0.0.1/x');
    await bad('https://user:pw@eu.push.example.test/x');
    await bad('ftp://127.0.0.1/x');
    await bad('not a url');
    expectInvalid(await subscribe(bo, { endpoint: 'https://eu.push.example.test/1', keys: { ...keys, p256dh: 'AAAA' } }), 'keys.p256dh');
    expectInvalid(await subscribe(bo, { endpoint: 'https://eu.push.example.test/1', keys: { ...keys, auth: 'short' } }), 'keys.auth');
    const post = (body: unknown) =>
      t
        .http()
        .post('/api/push/subscriptions')
        .set(bearer(bo.token))
        .send(body as object);
    expectInvalid(await post({ endpoint: 'https://eu.push.example.test/1' }), 'keys');
    expectInvalid(await post({ endpoint: 'https://eu.push.example.test/1', keys: { ...keys, extra: 1 } }), 'keys.extra');
    expectInvalid(await post({ endpoint: 5, keys }), 'endpoint');
    expectError(
      await t.http().post('/api/push/subscriptions').send({ endpoint: 'https://eu.push.example.test/1', keys }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('pushes a DM to every device of an inactive recipient: aes128gcm payload decrypted, VAPID signature verified', async () => {
    const { ada, bo, dm } = await dmPair();
    const phone = push.device('dm-phone');
    const laptop = push.device('dm-laptop');
    expectStatus(await subscribe(bo, phone), 201);
    expectStatus(await subscribe(bo, laptop), 201);
    const key = (await t.http().get('/api/push/vapid-public-key').set(bearer(bo.token))).body.key as string;
    const long = 'x'.repeat(500);
    const message = await say(t, ada, dm.id, `hello ${long}`);
    const [onPhone] = await push.waitFor('dm-phone');
    const [onLaptop] = await push.waitFor('dm-laptop');
    const notification = (await t.http().get('/api/notifications').set(bearer(bo.token))).body.find(
      (n: { messageId: string | null }) => n.messageId === message.id,
    );
    for (const p of [onPhone!, onLaptop!]) {
      expect(p.payload).toEqual({
        type: 'direct_message',
        notificationId: notification.id,
        roomId: dm.id,
        messageId: message.id,
        title: ada.user.displayName,
        body: expect.stringMatching(/^hello x+…$/),
        url: `https://chat.example.test/rooms/${dm.id}?seq=${message.seq}`,
      });
      expect([...(p.payload.body as string)]).toHaveLength(200);
      expect(p.vapidKey).toBe(key);
      expect(p.headers.ttl).toBe('86400');
      expect(p.headers.urgency).toBe('high');
    }
    expect(push.bad).toEqual([]);
    await sleep(300);
    expect(push.of('dm-phone')).toHaveLength(1); // once per notification and device
    expect(await jobsLeft()).toBe(0);
  });

  it('adds the sender’s avatar as `icon` when they have one (a file the recipient can read with the file cookie)', async () => {
    const { ada, bo, dm } = await dmPair();
    expectStatus(await subscribe(bo, push.device('avatar')), 201);
    await say(t, ada, dm.id, 'no picture yet');
    const [plain] = await push.waitFor('avatar');
    expect(plain!.payload).not.toHaveProperty('icon');

    const avatar = await uploadFile(t, ada, await png(), 'ada.png');
    expectStatus(await t.http().patch('/api/users/me').set(bearer(ada.token)).send({ avatarFileId: avatar.id }), 200);
    await say(t, ada, dm.id, 'now with a face');
    const pushes = await push.waitFor('avatar', 2);
    expect(pushes[1]!.payload).toMatchObject({ body: 'now with a face', icon: `https://chat.example.test${avatar.url}` });
    // The path is the avatar's, readable by the recipient without a bearer header (the browser sends the cookie).
    const login = await t.http().post('/api/auth/login').send({ login: bo.user.username, password: bo.password });
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('chat_token='));
    expect(cookie).toBeDefined();
    const picture = await t.http().get(avatar.url!).set('Cookie', cookie!.split(';')[0]!);
    expectStatus(picture, 200);
    expect(picture.headers['content-type']).toBe('image/png');
  });

  it('pushes a mention, and "New message" without the text when the user turned previews off', async () => {
    const ada = await register(t);
    const bo = await register(t);
    const room = await createRoom(t, ada, { name: 'Ops', visibility: 'public' });
    await joinRoom(t, bo, room.id);
    expectStatus(await subscribe(bo, push.device('mention')), 201);
    expectStatus(await t.http().patch('/api/users/me').set(bearer(bo.token)).send({ pushPreview: false }), 200);
    const message = await say(t, ada, room.id, `@${bo.user.username} secret plans`);
    const [p] = await push.waitFor('mention');
    expect(p!.payload).toMatchObject({
      type: 'mention',
      roomId: room.id,
      messageId: message.id,
      title: `${ada.user.displayName} in Ops`,
      body: 'New message',
    });
  });

  it('does not push to a user active on a socket in the last 60 s, in DND, or who muted the room (the notification is stored)', async () => {
    const { ada, bo, dm } = await dmPair();
    expectStatus(await subscribe(bo, push.device('quiet')), 201);
    const stored = async (messageId: string) => {
      for (let i = 0; i < 40; i++) {
        const list = (await t.http().get('/api/notifications').set(bearer(bo.token))).body as Array<{ messageId: string | null }>;
        if (list.some((n) => n.messageId === messageId)) return true;
        await sleep(50);
      }
      return false;
    };
    // active on a socket
    const socket = await connect(t, bo.token);
    expect(await socket.send('client:active', { active: true })).toEqual({ ok: true });
    const whileActive = await say(t, ada, dm.id, 'you are looking');
    expect(await stored(whileActive.id)).toBe(true);
    // connected but not active: pushed
    expect(await socket.send('client:active', { active: false })).toEqual({ ok: true });
    const inactive = await say(t, ada, dm.id, 'tab in the background');
    await push.waitFor('quiet', 1);
    expect(push.of('quiet')[0]!.payload.messageId).toBe(inactive.id);
    socket.close();
    // muted room
    const until = new Date(Date.now() + 3600_000).toISOString();
    expectStatus(
      await t.http().put(`/api/rooms/${dm.id}/notifications`).set(bearer(bo.token)).send({ level: 'all', mutedUntil: until }),
      200,
    );
    const muted = await say(t, ada, dm.id, 'muted');
    expect(await stored(muted.id)).toBe(true);
    expectStatus(await t.http().put(`/api/rooms/${dm.id}/notifications`).set(bearer(bo.token)).send({ level: 'all' }), 200);
    // do not disturb
    expectStatus(await t.http().patch('/api/users/me').set(bearer(bo.token)).send({ dndUntil: until }), 200);
    const dnd = await say(t, ada, dm.id, 'dnd');
    expect(await stored(dnd.id)).toBe(true);
    await sleep(500);
    expect(push.of('quiet').map((p) => p.payload.messageId)).toEqual([inactive.id]);
  });

  it('deletes a subscription whose endpoint answers 410 or 404, and retries one that answers 500 until it is delivered', async () => {
    const { ada, bo, dm } = await dmPair();
    const gone = push.device('gone');
    const missing = push.device('missing');
    const flaky = push.device('flaky');
    push.status.set('gone', 410);
    push.status.set('missing', 404);
    push.status.set('flaky', 500);
    for (const d of [gone, missing, flaky]) expectStatus(await subscribe(bo, d), 201);
    const message = await say(t, ada, dm.id, 'anyone there?');
    for (
      let i = 0;
      i < 100 && ((push.hits.get('flaky') ?? 0) < 2 || (push.hits.get('gone') ?? 0) < 1 || (push.hits.get('missing') ?? 0) < 1);
      i++
    ) {
      await sleep(50);
    }
    expect(push.hits.get('flaky')).toBeGreaterThanOrEqual(2);
    const endpoints = ((await t.http().get('/api/push/subscriptions').set(bearer(bo.token))).body as PushSubscriptionInfo[]).map(
      (s) => s.endpoint,
    );
    expect(endpoints).toEqual([flaky.endpoint]);
    push.status.delete('flaky');
    const [p] = await push.waitFor('flaky', 1, 5000);
    expect(p!.payload.messageId).toBe(message.id);
    await sleep(300);
    expect(push.of('flaky')).toHaveLength(1);
    expect(push.hits.get('gone')).toBe(1);
    expect(await jobsLeft()).toBe(0);
  });
});
