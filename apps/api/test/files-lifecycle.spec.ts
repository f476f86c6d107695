import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Room } from '@chat/contracts';
import { SchedulerRegistry } from '@nestjs/schedule';
import { FilesService } from '../src/modules/files/files.service.js';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { fileRows, filesOnDisk, png, postFile, startFilesApp, uploadFile } from './file-helpers.js';
import { createRoom, expectError, expectStatus, roomWith, say } from './social-helpers.js';
import { sql } from './support/sql.js';

type FilesApp = TestApp & { dataDir: string };

const HOUR = 3600_000;
const as = (u: Registered) => bearer(u.token);
const later = (ms: number) => new Date(Date.now() + ms);

/** The stored objects of a file (its bytes and its thumbnail) still on disk. */
async function objectsOf(t: FilesApp, fileId: string): Promise<string[]> {
  const [row] = await sql<{ storage_key: string }>(t.databaseUrl, `SELECT storage_key FROM files WHERE id = $1`, [fileId]);
  if (!row) return [];
  return filesOnDisk(t.dataDir).filter((p) => p.includes(row.storage_key));
}

const exists = async (t: FilesApp, fileId: string) =>
  (await sql(t.databaseUrl, `SELECT 1 FROM files WHERE id = $1`, [fileId])).length === 1;

describe('DELETE /api/files/:id', () => {
  let t: FilesApp;
  let alice: Registered, bob: Registered, carol: Registered;
  let room: Room;
  beforeAll(async () => {
    t = await startFilesApp({ USER_QUOTA_BYTES: '4096' });
    [alice, bob, carol] = await Promise.all([register(t), register(t), register(t)]);
    room = await roomWith(t, alice, { members: [bob] });
  });
  afterAll(async () => {
    await t.close();
  });

  const del = (u: Registered, id: string) => t.http().delete(`/api/files/${id}`).set(as(u));

  it('lets the uploader delete an unsent upload: 204, row and bytes gone, its quota freed', async () => {
    const big = await uploadFile(t, alice, Buffer.alloc(3000, 1), 'big.bin');
    expect(await objectsOf(t, big.id)).toHaveLength(1);
    const key = (await fileRows(t, alice.user.id)).find((r) => r.id === big.id)!.storage_key;
    // the quota (4096) is nearly used up
    expectError(await postFile(t, alice, Buffer.alloc(2000, 2)), 413, 'PAYLOAD_TOO_LARGE');

    expectStatus(await del(alice, big.id), 204);
    expect(await exists(t, big.id)).toBe(false);
    expect(filesOnDisk(t.dataDir).filter((p) => p.includes(key))).toEqual([]);
    expectError(await t.http().get(`/api/files/${big.id}/content`).set(as(alice)), 404, 'NOT_FOUND');
    expectError(await del(alice, big.id), 404, 'NOT_FOUND');
    // the space is free again
    const next = await uploadFile(t, alice, Buffer.alloc(2000, 2));
    expectStatus(await del(alice, next.id), 204);
  });

  it('removes an image and its thumbnail', async () => {
    const image = await uploadFile(t, alice, await png(200, 100), 'p.png');
    expect(await objectsOf(t, image.id)).toHaveLength(2);
    const key = (await fileRows(t, alice.user.id)).find((r) => r.id === image.id)!.storage_key;
    expectStatus(await del(alice, image.id), 204);
    expect(filesOnDisk(t.dataDir).filter((p) => p.includes(key))).toEqual([]);
  });

  it('answers 409 while a live message carries the file, and 204 once that message is deleted', async () => {
    const f = await uploadFile(t, alice, 'attached', 'a.txt');
    const m = await say(t, alice, room.id, 'with a file', { attachmentIds: [f.id] });
    expectError(await del(alice, f.id), 409, 'CONFLICT');
    expect(await exists(t, f.id)).toBe(true);
    expectStatus(await t.http().get(`/api/files/${f.id}/content`).set(as(bob)), 200);

    expectStatus(await t.http().delete(`/api/messages/${m.id}`).set(as(alice)), 204);
    expectStatus(await del(alice, f.id), 204);
    expect(await exists(t, f.id)).toBe(false);
  });

  it('answers 404 to whoever cannot see the file, 403 to a member who can see it but did not upload it', async () => {
    const unsent = await uploadFile(t, alice, 'mine', 'm.txt');
    expectError(await del(bob, unsent.id), 404, 'NOT_FOUND');
    const sent = await uploadFile(t, alice, 'shared', 's.txt');
    await say(t, alice, room.id, '', { attachmentIds: [sent.id] });
    expectError(await del(bob, sent.id), 403, 'FORBIDDEN');
    expectError(await del(carol, sent.id), 404, 'NOT_FOUND');
    expect(await exists(t, unsent.id)).toBe(true);
    expect(await exists(t, sent.id)).toBe(true);
  });

  it('answers 404 for an unknown id, 400 for a malformed one, 401 without a session', async () => {
    expectError(await del(alice, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
    expectError(await del(alice, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
    const f = await uploadFile(t, alice, 'x', 'x.txt');
    expectError(await t.http().delete(`/api/files/${f.id}`), 401, 'UNAUTHENTICATED');
    expect(await exists(t, f.id)).toBe(true);
  });

  it('clears the picture it was: deleting the avatar file leaves the profile without an avatar', async () => {
    const avatar = await uploadFile(t, carol, await png(32, 32), 'a.png');
    expectStatus(await t.http().patch('/api/users/me').set(as(carol)).send({ avatarFileId: avatar.id }), 200);
    expectStatus(await del(carol, avatar.id), 204);
    const me = await t.http().get('/api/users/me').set(as(carol));
    expect(me.body.avatarUrl).toBeNull();
  });
});

describe('removal of unused files (FilesService.sweep)', () => {
  let t: FilesApp;
  let files: FilesService;
  let alice: Registered, bob: Registered;
  let room: Room;
  beforeAll(async () => {
    t = await startFilesApp({ ORPHAN_FILE_HOURS: '2', DELETED_FILE_GRACE_HOURS: '1' });
    files = t.app.get(FilesService);
    [alice, bob] = await Promise.all([register(t), register(t)]);
    room = await roomWith(t, alice, { members: [bob] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs on a schedule', () => {
    expect(t.app.get(SchedulerRegistry).getIntervals()).toContain('file-sweep');
  });

  it('removes uploads never attached nor used as a picture once ORPHAN_FILE_HOURS have passed, and nothing else', async () => {
    const orphan = await uploadFile(t, alice, 'never sent', 'o.txt');
    const orphanImage = await uploadFile(t, alice, await png(40, 40), 'o.png');
    const sent = await uploadFile(t, alice, 'sent', 's.txt');
    await say(t, alice, room.id, '', { attachmentIds: [sent.id] });
    const avatar = await uploadFile(t, alice, await png(32, 32), 'avatar.png');
    expectStatus(await t.http().patch('/api/users/me').set(as(alice)).send({ avatarFileId: avatar.id }), 200);
    const cover = await uploadFile(t, alice, await png(32, 32), 'cover.png');
    const own = await createRoom(t, alice);
    expectStatus(await t.http().patch(`/api/rooms/${own.id}`).set(as(alice)).send({ coverFileId: cover.id }), 200);
    // a picture once, replaced since: it was used as a picture, so it stays
    const oldAvatar = await uploadFile(t, bob, await png(32, 32), 'old.png');
    expectStatus(await t.http().patch('/api/users/me').set(as(bob)).send({ avatarFileId: oldAvatar.id }), 200);
    expectStatus(await t.http().patch('/api/users/me').set(as(bob)).send({ avatarFileId: null }), 200);
    const keepers = [sent, avatar, cover, oldAvatar];
    const onDisk = filesOnDisk(t.dataDir).length;

    // not yet
    await files.sweep(later(1.5 * HOUR));
    for (const f of [orphan, orphanImage, ...keepers]) expect(await exists(t, f.id)).toBe(true);
    expect(filesOnDisk(t.dataDir)).toHaveLength(onDisk);

    const keys = await sql<{ storage_key: string }>(t.databaseUrl, `SELECT storage_key FROM files WHERE id = ANY($1)`, [
      [orphan.id, orphanImage.id],
    ]);
    const removed = await files.sweep(later(2.5 * HOUR));
    expect(removed).toBe(2);
    expect(await exists(t, orphan.id)).toBe(false);
    expect(await exists(t, orphanImage.id)).toBe(false);
    for (const f of keepers) expect(await exists(t, f.id)).toBe(true);
    // bytes and thumbnail gone; the others' bytes stay
    expect(filesOnDisk(t.dataDir).filter((p) => keys.some((k) => p.includes(k.storage_key)))).toEqual([]);
    expect(filesOnDisk(t.dataDir)).toHaveLength(onDisk - 3);
    expectStatus(await t.http().get(`/api/files/${sent.id}/content`).set(as(bob)), 200);
    expectStatus(await t.http().get(`/api/files/${avatar.id}/content`).set(as(bob)), 200);
    // a second pass finds nothing more
    expect(await files.sweep(later(2.5 * HOUR))).toBe(0);
  });

  it('removes the bytes of a deleted message’s file after DELETED_FILE_GRACE_HOURS; until then its uploader still reads it', async () => {
    const f = await uploadFile(t, alice, 'soon gone', 'g.txt');
    const m = await say(t, alice, room.id, 'file', { attachmentIds: [f.id] });
    const keep = await uploadFile(t, alice, 'still sent', 'k.txt');
    await say(t, alice, room.id, 'other', { attachmentIds: [keep.id] });
    expectStatus(await t.http().delete(`/api/messages/${m.id}`).set(as(alice)), 204);
    const [{ storage_key: key }] = (await sql<{ storage_key: string }>(t.databaseUrl, `SELECT storage_key FROM files WHERE id = $1`, [
      f.id,
    ])) as [{ storage_key: string }];

    expect(await files.sweep(later(0.5 * HOUR))).toBe(0);
    expectStatus(await t.http().get(`/api/files/${f.id}/content`).set(as(alice)), 200);
    expectError(await t.http().get(`/api/files/${f.id}/content`).set(as(bob)), 404, 'NOT_FOUND');

    expect(await files.sweep(later(1.5 * HOUR))).toBe(1);
    expect(await exists(t, f.id)).toBe(false);
    expect(filesOnDisk(t.dataDir).filter((p) => p.includes(key))).toEqual([]);
    expectError(await t.http().get(`/api/files/${f.id}/content`).set(as(alice)), 404, 'NOT_FOUND');
    expect(await exists(t, keep.id)).toBe(true);
  });

  it('keeps a deleted message’s file that was sent again in another message before the grace ended', async () => {
    const f = await uploadFile(t, alice, 'sent twice', 't.txt');
    const first = await say(t, alice, room.id, 'one', { attachmentIds: [f.id] });
    expectStatus(await t.http().delete(`/api/messages/${first.id}`).set(as(alice)), 204);
    await say(t, alice, room.id, 'two', { attachmentIds: [f.id] });
    await files.sweep(later(3 * HOUR));
    expect(await exists(t, f.id)).toBe(true);
    expectStatus(await t.http().get(`/api/files/${f.id}/content`).set(as(bob)), 200);
  });
});

describe('STORAGE_LIMIT_BYTES', () => {
  let t: FilesApp;
  let alice: Registered, bob: Registered;
  beforeAll(async () => {
    t = await startFilesApp({ STORAGE_LIMIT_BYTES: '5000' });
    [alice, bob] = await Promise.all([register(t), register(t)]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses an upload that would pass the server-wide cap with 413 PAYLOAD_TOO_LARGE, storing nothing, whoever uploads', async () => {
    const a = await uploadFile(t, alice, Buffer.alloc(3000, 1));
    const before = filesOnDisk(t.dataDir);
    const res = await postFile(t, bob, Buffer.alloc(2500, 2));
    expectError(res, 413, 'PAYLOAD_TOO_LARGE');
    expect(res.body.message).toMatch(/storage/i);
    expect(await fileRows(t, bob.user.id)).toEqual([]);
    expect(filesOnDisk(t.dataDir)).toEqual(before);
    // what fits still goes in
    const small = await uploadFile(t, bob, Buffer.alloc(1500, 3));
    // what no longer fits is refused while it streams in
    expectError(await postFile(t, bob, Buffer.alloc(600, 4)), 413, 'PAYLOAD_TOO_LARGE');
    // deleting frees room for everyone
    expectStatus(await t.http().delete(`/api/files/${a.id}`).set(as(alice)), 204);
    await uploadFile(t, bob, Buffer.alloc(2500, 2));
    expectStatus(await t.http().delete(`/api/files/${small.id}`).set(as(bob)), 204);
  });

  it('does not let concurrent uploads of different users pass the cap together', async () => {
    const used = Number((await sql<{ used: string }>(t.databaseUrl, `SELECT coalesce(sum(size), 0)::text AS used FROM files`))[0]!.used);
    const each = Math.floor((5000 - used) / 2) + 200; // any one fits, no two do
    const uploaders = [alice, bob, alice, bob];
    const results = await Promise.all(uploaders.map((u, i) => postFile(t, u, Buffer.alloc(each, 10 + i))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 413, 413, 413]);
    const total = Number((await sql<{ used: string }>(t.databaseUrl, `SELECT coalesce(sum(size), 0)::text AS used FROM files`))[0]!.used);
    expect(total).toBeLessThanOrEqual(5000);
  });
});
