import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Notification, Report } from '@chat/contracts';
import { bearer, type Registered, register, type TestApp } from './harness.js';
import { createRoom, expectError, expectInvalid, expectStatus, join, roomWith, say, startSocialApp } from './social-helpers.js';
import { closeAllSockets, connect } from './socket-helpers.js';
import { sql } from './support/sql.js';

/** Contract v2 → Safety: reports reach the room's admins and owners and the server admins, who resolve them. */
describe('reports', () => {
  let t: TestApp;
  /** The first account of the server: its admin. */
  let serverAdmin: Registered;
  beforeAll(async () => {
    t = await startSocialApp();
    serverAdmin = await register(t);
  });
  afterEach(() => closeAllSockets());
  afterAll(async () => {
    await t.close();
  });

  const as = (u: Registered) => bearer(u.token);
  const report = (by: Registered, body: Record<string, unknown>) => t.http().post('/api/reports').set(as(by)).send(body);
  const resolve = (by: Registered, id: string, action: string) => t.http().post(`/api/reports/${id}/resolve`).set(as(by)).send({ action });
  const listed = async (by: Registered, query = '') => {
    const res = await t.http().get(`/api/reports${query}`).set(as(by));
    expectStatus(res, 200);
    return res.body as Report[];
  };
  /** A public room of `owner` with `sender`'s message and a report of it by `reporter`. */
  const reported = async () => {
    const [owner, sender, reporter] = [await register(t), await register(t), await register(t)];
    const room = await roomWith(t, owner, { members: [sender, reporter], visibility: 'public' });
    const message = await say(t, sender, room.id, 'buy cheap pills');
    const res = await report(reporter, { messageId: message.id, reason: 'spam', comment: 'obvious spam' });
    expectStatus(res, 201);
    return { owner, sender, reporter, room, message, report: res.body as Report };
  };

  it('stores a report of a message the reporter can see, in the contract shape', async () => {
    const { reporter, room, message, report: r } = await reported();
    expect(r).toMatchObject({
      reporter: { id: reporter.user.id },
      message: { id: message.id, body: 'buy cheap pills' },
      user: null,
      room: { id: room.id },
      reason: 'spam',
      comment: 'obvious spam',
      status: 'open',
      resolution: null,
    });
    expect(typeof r.id).toBe('string');
    expect(typeof r.createdAt).toBe('string');
  });

  it('stores a report of a user', async () => {
    const [reporter, troll] = [await register(t), await register(t)];
    const res = await report(reporter, { userId: troll.user.id, reason: 'abuse' });
    expectStatus(res, 201);
    expect(res.body).toMatchObject({
      user: { id: troll.user.id },
      message: null,
      room: null,
      reason: 'abuse',
      comment: '',
      status: 'open',
    });
  });

  it('refuses bad reports: no target or two (400), a bad reason (400), what the reporter cannot see (404), oneself (400)', async () => {
    const [owner, reporter] = [await register(t), await register(t)];
    const hidden = await createRoom(t, owner, { visibility: 'private' });
    const secret = await say(t, owner, hidden.id, 'members only');
    expectInvalid(await report(reporter, { reason: 'spam' }), 'messageId');
    expectInvalid(await report(reporter, { reason: 'spam', messageId: secret.id, userId: owner.user.id }), 'messageId');
    expectInvalid(await report(reporter, { userId: owner.user.id, reason: 'rude' }), 'reason');
    expectInvalid(await report(reporter, { userId: owner.user.id, reason: 'spam', comment: 'x'.repeat(1001) }), 'comment');
    expectError(await report(reporter, { userId: owner.user.id, reason: 'spam', extra: 1 }), 400, 'VALIDATION_FAILED');
    expectError(await report(reporter, { messageId: secret.id, reason: 'spam' }), 404, 'NOT_FOUND');
    expectError(await report(reporter, { messageId: randomUUID(), reason: 'spam' }), 404, 'NOT_FOUND');
    expectError(await report(reporter, { userId: randomUUID(), reason: 'spam' }), 404, 'NOT_FOUND');
    expectInvalid(await report(reporter, { userId: reporter.user.id, reason: 'spam' }), 'userId');
    expectInvalid(await report(owner, { messageId: secret.id, reason: 'spam' }), 'messageId');
    expect(await sql(t.databaseUrl, `SELECT 1 FROM reports WHERE reporter_id = $1`, [reporter.user.id])).toEqual([]);
  });

  it('routes reports: the room’s admins and owners see their rooms’ reports, server admins all, others 403', async () => {
    const a = await reported();
    const b = await reported();
    const userReport = await report(a.reporter, { userId: b.sender.user.id, reason: 'other' });
    expectStatus(userReport, 201);
    expect((await listed(a.owner)).map((r) => r.id)).toEqual([a.report.id]);
    expect((await listed(b.owner)).map((r) => r.id)).toEqual([b.report.id]);
    const all = (await listed(serverAdmin)).map((r) => r.id);
    expect(all).toEqual(expect.arrayContaining([a.report.id, b.report.id, userReport.body.id]));
    expectError(await t.http().get('/api/reports').set(as(a.reporter)), 403, 'FORBIDDEN');
    expectError(await t.http().get('/api/reports').set(as(a.sender)), 403, 'FORBIDDEN');
    expectInvalid(await t.http().get('/api/reports?status=closed').set(as(a.owner)), 'status');
    // a room admin (not only the owner) sees them too
    const admin = await register(t);
    await join(t, admin, a.room.id);
    expectStatus(await t.http().patch(`/api/rooms/${a.room.id}/members/${admin.user.id}`).set(as(a.owner)).send({ role: 'admin' }), 200);
    expect((await listed(admin)).map((r) => r.id)).toEqual([a.report.id]);
  });

  it('pages newest first with before=<report id>: every report once, in order; a bad cursor is 400', async () => {
    const a = await reported();
    const more = [];
    for (let i = 0; i < 4; i++) {
      const res = await report(a.reporter, { messageId: a.message.id, reason: 'spam', comment: `again ${i}` });
      expectStatus(res, 201);
      more.push(res.body.id as string);
    }
    const all = [a.report.id, ...more].reverse();
    const first = await listed(a.owner, '?limit=2');
    const second = await listed(a.owner, `?limit=2&before=${first[1]!.id}`);
    const third = await listed(a.owner, `?limit=2&before=${second[1]!.id}`);
    expect([...first, ...second, ...third].map((r) => r.id)).toEqual(all);
    expect(await listed(a.owner, `?limit=2&before=${third[0]!.id}`)).toEqual([]);
    expectInvalid(await t.http().get('/api/reports?before=yesterday').set(as(a.owner)), 'before');
  });

  it('delete_message by the room owner: the message is deleted, the report resolved and audited, the reporter notified', async () => {
    const { owner, reporter, room, message, report: r } = await reported();
    const reporterSocket = await connect(t, reporter.token);
    const res = await resolve(owner, r.id, 'delete_message');
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ id: r.id, status: 'resolved', resolution: 'delete_message', message: { id: message.id, body: '' } });
    expect(res.body.message.deletedAt).not.toBeNull();
    await reporterSocket.waitFor('message:deleted', (p) => p.id === message.id);
    const note = await reporterSocket.waitFor('notification:new', (n) => n.type === 'report_resolved');
    expect(note.text).toMatch(/deleted/);
    const stored = (await t.http().get('/api/notifications').set(as(reporter))).body as Notification[];
    expect(stored.map((n) => n.type)).toEqual(['report_resolved']);
    const history = await t.http().get(`/api/rooms/${room.id}/messages`).set(as(owner));
    expect(history.body.messages[0]).toMatchObject({ id: message.id, body: '', deletedAt: expect.any(String) });
    const entries = await sql<{ action: string; actor_id: string }>(
      t.databaseUrl,
      `SELECT action, actor_id FROM audit_entries WHERE target_id IN ($1, $2) ORDER BY created_at`,
      [message.id, r.id],
    );
    expect(entries).toEqual([
      { action: 'message.deleted', actor_id: owner.user.id },
      { action: 'report.resolved', actor_id: owner.user.id },
    ]);
    expect((await listed(owner, '?status=resolved')).map((x) => x.id)).toEqual([r.id]);
    expect(await listed(owner, '?status=open')).toEqual([]);
    // once only
    expectError(await resolve(owner, r.id, 'dismiss'), 409, 'CONFLICT');
  });

  it('ban_from_room by the room owner bans the sender (removed, kept out)', async () => {
    const { owner, sender, room, report: r } = await reported();
    const senderSocket = await connect(t, sender.token);
    expectStatus(await resolve(owner, r.id, 'ban_from_room'), 200);
    await senderSocket.waitFor('room:removed', (p) => p.roomId === room.id);
    expectError(await t.http().post(`/api/rooms/${room.id}/join`).set(as(sender)), 403, 'FORBIDDEN');
  });

  it('each action only for whoever may take it; a report the caller cannot see is 404; the report stays open', async () => {
    const { owner, reporter, sender, report: r } = await reported();
    expectError(await resolve(reporter, r.id, 'dismiss'), 404, 'NOT_FOUND');
    expectError(await resolve(sender, r.id, 'delete_message'), 404, 'NOT_FOUND');
    expectError(await resolve(owner, randomUUID(), 'dismiss'), 404, 'NOT_FOUND');
    expectError(await resolve(owner, r.id, 'deactivate_user'), 403, 'FORBIDDEN'); // server admins only
    expectInvalid(await resolve(owner, r.id, 'shrug'), 'action');
    // a server admin who is not in the room may delete the message, but not ban from a room they do not moderate
    expectError(await resolve(serverAdmin, r.id, 'ban_from_room'), 403, 'FORBIDDEN');
    const userReport = await report(reporter, { userId: sender.user.id, reason: 'abuse' });
    expectInvalid(await resolve(serverAdmin, userReport.body.id, 'delete_message'), 'action');
    expect((await listed(owner, '?status=open')).map((x) => x.id)).toEqual([r.id]);
    const dismissed = await resolve(serverAdmin, r.id, 'dismiss');
    expectStatus(dismissed, 200);
    expect(dismissed.body).toMatchObject({ status: 'resolved', resolution: 'dismiss', message: { body: 'buy cheap pills' } });
  });

  it('deactivate_user by a server admin deactivates the reported user: sockets closed, login refused like a wrong password', async () => {
    const [reporter, troll] = [await register(t), await register(t)];
    const trollSocket = await connect(t, troll.token);
    const r = await report(reporter, { userId: troll.user.id, reason: 'abuse' });
    expectStatus(r, 201);
    const res = await resolve(serverAdmin, r.body.id, 'deactivate_user');
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ status: 'resolved', resolution: 'deactivate_user', user: { id: troll.user.id } });
    await trollSocket.disconnected;
    expectError(await t.http().get('/api/users/me').set(as(troll)), 401, 'UNAUTHENTICATED');
    const login = await t.http().post('/api/auth/login').send({ login: troll.user.username, password: troll.password });
    expectError(login, 401, 'UNAUTHENTICATED');
  });
});
