import { randomUUID } from 'node:crypto';
import { expect } from '@jest/globals';
import type { Message, Room } from '@chat/contracts';
import type { Response } from 'supertest';
import { bearer, type Registered, startTestApp, type TestApp } from './harness.js';

/** The real app, with limits that these tests are not about (sign-ups, message rate) out of the way. */
export function startSocialApp(): Promise<TestApp> {
  return startTestApp({
    REGISTER_LIMIT_PER_IP: '100000',
    MESSAGE_RATE_PER_SECOND: '100000',
    MESSAGE_BURST: '100000',
    SOCKET_EVENTS_PER_SECOND: '100000',
    SOCKET_EVENT_BURST: '100000',
    MEMBERSHIP_CHANGES_PER_MINUTE: '100000',
  });
}

/** Asserts a contract error: the status and its code, in the contract body (no stack, no SQL). */
export function expectError(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.body.statusCode).toBe(status);
  expect(typeof res.body.message).toBe('string');
  expect(JSON.stringify(res.body)).not.toMatch(/duplicate key|violates|QueryFailed|node_modules|\.ts:\d+/);
}

/** Asserts a 400 VALIDATION_FAILED whose details name `field`. */
export function expectInvalid(res: Response, field: string): void {
  expectError(res, 400, 'VALIDATION_FAILED');
  expect((res.body.details as Array<{ field: string }>).map((d) => d.field)).toContain(field);
}

/** Asserts the status, showing the body when it differs (easier to read than a bare status mismatch). */
export function expectStatus(res: Response, status: number): void {
  expect({ status: res.status, body: res.status === status ? undefined : res.body }).toEqual({ status, body: undefined });
}

/** Makes two users friends through the API: a sends, b accepts. */
export async function makeFriends(t: TestApp, a: Registered, b: Registered): Promise<void> {
  const sent = await t.http().post('/api/friends/requests').set(bearer(a.token)).send({ userId: b.user.id });
  expectStatus(sent, 201);
  const accepted = await t.http().post(`/api/friends/requests/${sent.body.id}/accept`).set(bearer(b.token));
  expectStatus(accepted, 200);
}

/** Creates a group room owned by `owner` (public unless told otherwise). */
export async function createRoom(
  t: TestApp,
  owner: Registered,
  body: Partial<{ name: string; description: string; visibility: 'public' | 'private' }> = {},
): Promise<Room> {
  const res = await t
    .http()
    .post('/api/rooms')
    .set(bearer(owner.token))
    .send({ name: `room ${randomUUID().slice(0, 8)}`, visibility: 'public', ...body });
  expectStatus(res, 201);
  return res.body as Room;
}

/** Joins a public room. */
export async function join(t: TestApp, user: Registered, roomId: string): Promise<Room> {
  const res = await t.http().post(`/api/rooms/${roomId}/join`).set(bearer(user.token));
  expectStatus(res, 200);
  return res.body as Room;
}

/** Sets a member's role (the caller must be an owner). */
export async function setRole(t: TestApp, owner: Registered, roomId: string, user: Registered, role: 'owner' | 'admin' | 'member') {
  const res = await t.http().patch(`/api/rooms/${roomId}/members/${user.user.id}`).set(bearer(owner.token)).send({ role });
  expectStatus(res, 200);
}

/**
 * A room with an owner and the given members (and admins), made private after they joined unless `visibility`
 * says public.
 */
export async function roomWith(
  t: TestApp,
  owner: Registered,
  opts: { members?: Registered[]; admins?: Registered[]; visibility?: 'public' | 'private' } = {},
): Promise<Room> {
  const room = await createRoom(t, owner, { visibility: 'public' });
  for (const u of [...(opts.admins ?? []), ...(opts.members ?? [])]) await join(t, u, room.id);
  for (const u of opts.admins ?? []) await setRole(t, owner, room.id, u, 'admin');
  if ((opts.visibility ?? 'private') === 'private') {
    const res = await t.http().patch(`/api/rooms/${room.id}`).set(bearer(owner.token)).send({ visibility: 'private' });
    expectStatus(res, 200);
  }
  return room;
}

/** Sends a message and expects it stored (201). */
export async function say(
  t: TestApp,
  user: Registered,
  roomId: string,
  body: string,
  extra: Record<string, unknown> = {},
): Promise<Message> {
  const res = await t
    .http()
    .post(`/api/rooms/${roomId}/messages`)
    .set(bearer(user.token))
    .send({ clientId: randomUUID(), body, ...extra });
  expectStatus(res, 201);
  return res.body as Message;
}

/** GET /rooms (joined) of a user. */
export async function joinedRooms(t: TestApp, user: Registered): Promise<Room[]> {
  const res = await t.http().get('/api/rooms').set(bearer(user.token));
  expectStatus(res, 200);
  return res.body as Room[];
}
