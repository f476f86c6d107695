import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { FileMeta, Message, MessagePage, Room } from '@chat/contracts';
import { DataSource } from 'typeorm';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { png, startFilesApp, uploadFile } from './file-helpers.js';
import { closeAllSockets, connect } from './socket-helpers.js';
import { createRoom, expectError, expectInvalid, expectStatus, roomWith, say } from './social-helpers.js';
import { fewestQueries } from './support/queries.js';

describe('attachments on messages', () => {
  let t: TestApp;
  let owner: Registered, member: Registered, stranger: Registered;
  let room: Room;
  beforeAll(async () => {
    t = await startFilesApp();
    [owner, member, stranger] = await Promise.all([register(t), register(t), register(t)]);
    room = await roomWith(t, owner, { members: [member] });
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const post = (u: Registered, body: object, roomId = room.id) =>
    t
      .http()
      .post(`/api/rooms/${roomId}/messages`)
      .set(as(u))
      .send({ clientId: randomUUID(), body: '', ...body });
  const lastSeq = async () => (await t.http().get(`/api/rooms/${room.id}`).set(as(owner))).body.lastSeq as number;
  const history = async (u: Registered, roomId = room.id) => {
    const res = await t.http().get(`/api/rooms/${roomId}/messages`).set(as(u));
    expectStatus(res, 200);
    return (res.body as MessagePage).messages;
  };
  const uploads = (u: Registered, n: number) =>
    Promise.all(Array.from({ length: n }, (_, i) => uploadFile(t, u, `file ${i}`, `f${i}.txt`)));

  it('stores the files in the given order and shows them as FileMeta in the answer, the history and GET /rooms', async () => {
    const image = await uploadFile(t, owner, await png(120, 80), 'photo.png');
    const doc = await uploadFile(t, owner, '%PDF-1.4 not really', 'doc.pdf');
    const res = await post(owner, { body: 'two files', attachmentIds: [doc.id, image.id] });
    expectStatus(res, 201);
    const m = res.body as Message;
    expect(m.attachments).toEqual([doc, image]);
    expect(m.attachments[1]).toEqual({
      id: image.id,
      name: 'photo.png',
      size: image.size,
      contentType: 'image/png',
      url: `/api/files/${image.id}/content`,
      width: 120,
      height: 80,
    });
    expect((await history(member)).find((x) => x.id === m.id)!.attachments).toEqual([doc, image]);
    const rooms = await t.http().get('/api/rooms').set(as(member));
    expect((rooms.body as Room[]).find((r) => r.id === room.id)!.lastMessage!.attachments).toEqual([doc, image]);
  });

  it('accepts an empty body with attachments, and still refuses it without', async () => {
    const [f] = await uploads(owner, 1);
    const res = await post(owner, { body: '   ', attachmentIds: [f!.id] });
    expectStatus(res, 201);
    expect(res.body).toMatchObject({ body: '', attachments: [f] });
    expectInvalid(await post(owner, { body: ' ', attachmentIds: [] }), 'body');
  });

  it('accepts ten files and refuses eleven (400), storing nothing', async () => {
    const files = await uploads(owner, 11);
    const before = await lastSeq();
    expectInvalid(await post(owner, { attachmentIds: files.map((f) => f.id) }), 'attachmentIds');
    expect(await lastSeq()).toBe(before);
    const ok = await post(owner, { attachmentIds: files.slice(0, 10).map((f) => f.id) });
    expectStatus(ok, 201);
    expect((ok.body as Message).attachments.map((a) => a.id)).toEqual(files.slice(0, 10).map((f) => f.id));
  });

  it.each([
    ['someone else’s file', async () => [(await uploadFile(t, stranger, 'not yours')).id]],
    ['an unknown id', async () => [randomUUID()]],
    ['the same file twice', async () => Array(2).fill((await uploadFile(t, owner, 'twice')).id) as string[]],
    ['a malformed id', async () => ['not-a-uuid']],
  ])('refuses %s with 400 on attachmentIds, storing nothing', async (_label, ids) => {
    const before = await lastSeq();
    expectInvalid(await post(owner, { body: 'x', attachmentIds: await ids() }), 'attachmentIds');
    expect(await lastSeq()).toBe(before);
  });

  it('attaches a file to one message only: 409 for a second one, the message not stored', async () => {
    const [f] = await uploads(owner, 1);
    await say(t, owner, room.id, 'first', { attachmentIds: [f!.id] });
    const before = await lastSeq();
    expectError(await post(owner, { body: 'again', attachmentIds: [f!.id] }), 409, 'CONFLICT');
    expect(await lastSeq()).toBe(before);
  });

  it('stores the message and its attachments in one transaction: of two racing sends of one file, one is stored whole, no seq lost', async () => {
    const [f] = await uploads(owner, 1);
    const before = await lastSeq();
    const results = await Promise.all([
      post(owner, { body: 'a', attachmentIds: [f!.id] }),
      post(owner, { body: 'b', attachmentIds: [f!.id] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    // the seq of the refused message was given back: no gap
    expect(await lastSeq()).toBe(before + 1);
    const stored = (await history(owner)).filter((m) => m.seq > before);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.attachments.map((a) => a.id)).toEqual([f!.id]);
  });

  it('answers a repeated clientId with the first message and its attachments (200), not a conflict', async () => {
    const [f] = await uploads(owner, 1);
    const clientId = randomUUID();
    const first = await post(owner, { clientId, body: 'once', attachmentIds: [f!.id] });
    expectStatus(first, 201);
    const again = await post(owner, { clientId, body: 'once', attachmentIds: [f!.id] });
    expectStatus(again, 200);
    expect(again.body).toEqual(first.body);
  });

  it('shows attachments in message:new over Socket.IO, and takes attachmentIds in message:send', async () => {
    const [a, b] = await uploads(owner, 2);
    const listener = await connect(t, member.token);
    const sent = await say(t, owner, room.id, 'live', { attachmentIds: [a!.id] });
    const event = await listener.waitFor('message:new', (m) => m.id === sent.id);
    expect(event.attachments).toEqual([a]);

    const sender = await connect(t, owner.token);
    const ack = await sender.send('message:send', { roomId: room.id, clientId: randomUUID(), body: '', attachmentIds: [b!.id] });
    expect(ack).toMatchObject({ ok: true, message: { attachments: [b] } });
    const viaSocket = await listener.waitFor('message:new', (m) => m.attachments[0]?.id === b!.id);
    expect(viaSocket.attachments).toEqual([b]);
    // refused over the socket with the same rule as REST
    const refused = await sender.send('message:send', { roomId: room.id, clientId: randomUUID(), body: 'x', attachmentIds: [b!.id] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('shows a deleted message with attachments: [] in the history', async () => {
    const [f] = await uploads(member, 1);
    const m = await say(t, member, room.id, 'bye', { attachmentIds: [f!.id] });
    expectStatus(await t.http().delete(`/api/messages/${m.id}`).set(as(member)), 204);
    expect((await history(owner)).find((x) => x.id === m.id)).toMatchObject({ body: '', attachments: [], deletedAt: expect.any(String) });
  });

  it('presents the attachments of a whole page in a constant number of queries', async () => {
    const dataSource = t.app.get(DataSource);
    const countQueries = async (u: Registered, roomId: string) => {
      await history(u, roomId); // warm-up: the session's throttled "last used" update
      const { result: messages, queries } = await fewestQueries(dataSource, () => history(u, roomId));
      return { attachments: messages.reduce((n, m) => n + m.attachments.length, 0), queries: queries.length };
    };
    const roomOf = async (messages: number) => {
      const r = await createRoom(t, owner, { visibility: 'private' });
      for (let i = 0; i < messages; i++) {
        const files = await uploads(owner, 2);
        await say(t, owner, r.id, `m${i}`, { attachmentIds: files.map((f) => f.id) });
      }
      return r.id;
    };
    const few = await countQueries(owner, await roomOf(1));
    const many = await countQueries(owner, await roomOf(12));
    expect([few.attachments, many.attachments]).toEqual([2, 24]);
    expect(many.queries).toBe(few.queries);
  });
});

describe('avatars and covers', () => {
  let t: TestApp;
  let u: Registered, other: Registered;
  let image: FileMeta, text: FileMeta, othersImage: FileMeta;
  beforeAll(async () => {
    t = await startFilesApp();
    [u, other] = await Promise.all([register(t), register(t)]);
    image = await uploadFile(t, u, await png(), 'me.png');
    text = await uploadFile(t, u, 'not an image', 'me.png', 'image/png');
    othersImage = await uploadFile(t, other, await png(), 'them.png');
  });
  afterAll(async () => {
    await t.close();
  });
  const patchMe = (body: object) => t.http().patch('/api/users/me').set(bearer(u.token)).send(body);

  it('sets the caller’s own image as avatar and cover: the URLs appear in /users/me, in profiles and on messages', async () => {
    const cover = await uploadFile(t, u, await png(600, 200), 'cover.png');
    const res = await patchMe({ avatarFileId: image.id, coverFileId: cover.id });
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ avatarUrl: `/api/files/${image.id}/content`, coverUrl: `/api/files/${cover.id}/content` });
    const profile = await t.http().get(`/api/users/${u.user.id}`).set(bearer(other.token));
    expect(profile.body).toMatchObject({ avatarUrl: image.url, coverUrl: cover.url });
    const room = await roomWith(t, u, { members: [other] });
    const m = await say(t, u, room.id, 'with my face');
    expect(m.sender.avatarUrl).toBe(image.url);
    // null clears
    const cleared = await patchMe({ avatarFileId: null, coverFileId: null });
    expect(cleared.body).toMatchObject({ avatarUrl: null, coverUrl: null });
  });

  it('refuses a file that is not an image with 415, and one that is not the caller’s upload or unknown with 400', async () => {
    expectStatus(await patchMe({ avatarFileId: image.id }), 200);
    expectError(await patchMe({ avatarFileId: text.id }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await patchMe({ coverFileId: text.id }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectInvalid(await patchMe({ avatarFileId: othersImage.id }), 'avatarFileId');
    expectInvalid(await patchMe({ coverFileId: randomUUID() }), 'coverFileId');
    // nothing changed
    const me = await t.http().get('/api/users/me').set(bearer(u.token));
    expect(me.body).toMatchObject({ avatarUrl: image.url, coverUrl: null });
  });

  it('sets room pictures on creation and update (admins, their own images), with the same refusals', async () => {
    const cover = await uploadFile(t, u, await png(700, 100), 'room-cover.png');
    const created = await t
      .http()
      .post('/api/rooms')
      .set(bearer(u.token))
      .send({ name: 'pictured', avatarFileId: image.id, coverFileId: cover.id });
    expectStatus(created, 201);
    expect(created.body).toMatchObject({ avatarUrl: image.url, coverUrl: cover.url });
    expectError(
      await t.http().post('/api/rooms').set(bearer(u.token)).send({ name: 'x', avatarFileId: text.id }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectInvalid(await t.http().post('/api/rooms').set(bearer(u.token)).send({ name: 'x', coverFileId: othersImage.id }), 'coverFileId');

    const roomId = created.body.id as string;
    expectError(
      await t.http().patch(`/api/rooms/${roomId}`).set(bearer(u.token)).send({ coverFileId: text.id }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    const cleared = await t.http().patch(`/api/rooms/${roomId}`).set(bearer(u.token)).send({ avatarFileId: null });
    expectStatus(cleared, 200);
    expect(cleared.body).toMatchObject({ avatarUrl: null, coverUrl: cover.url });
    const listed = await t.http().get('/api/rooms').set(bearer(u.token));
    expect((listed.body as Room[]).find((r) => r.id === roomId)).toMatchObject({ avatarUrl: null, coverUrl: cover.url });
  });
});
