import { describe, expect, it, jest } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import type { PreparedQuery } from '../../database/prepared-query.js';
import { MessageWriter, type NewMessage } from './message-writer.js';
import { batchWrite } from './messages.repository.js';

/** A DataSource whose every query fails after `delayMs` with `error`, counting the calls. */
function failingDataSource(error: () => Error, delayMs: number): { ds: PreparedQuery; calls: () => number } {
  let calls = 0;
  const ds = (() => {
    calls += 1;
    return new Promise((_resolve, reject) => setTimeout(() => reject(error()), delayMs));
  }) as PreparedQuery;
  return { ds, calls: () => calls };
}

const message = (i: number): NewMessage => ({
  roomId: '00000000-0000-4000-8000-000000000001',
  senderId: '00000000-0000-4000-8000-000000000002',
  clientId: `c-${i}`,
  body: `m${i}`,
  replyToId: null,
  mentions: { userIds: [], room: false, here: false },
  checked: true,
});

/** The rows the statement answers when it stores every message of the batch (params as the writer passes them). */
const storedRows = (params: unknown[][]) =>
  (params[2] as string[]).map((c) => ({
    id: c,
    room_id: 'r',
    seq: '1',
    sender_id: (params[1] as string[])[0],
    client_id: c,
    body: '',
    reply_to_id: null,
    created_at: new Date(),
    room_kind: 'group',
    room_name: 'r',
    room_direct_key: null,
  }));

/** The database refusing connections, as pg reports it (not a QueryFailedError: no statement ran). */
const connectionRefused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const shuttingDown = () =>
  new QueryFailedError('WITH input AS (...)', [], Object.assign(new Error('the database system is shutting down'), { code: '57P03' }));

describe('MessageWriter while the database is down', () => {
  it.each([
    ['refuses connections', connectionRefused],
    ['is shutting down', shuttingDown],
  ])('rejects every send of a batch at once when the database %s, with one attempt for the whole batch', async (_label, error) => {
    const { ds, calls } = failingDataSource(error, 200);
    const writer = new MessageWriter(
      batchWrite(ds, () => 'true'),
      2,
    );
    const started = Date.now();
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => writer.write(message(i))));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    // one statement failed for all: not 50 more, one per message, each waiting for the database again
    expect(calls()).toBe(1);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('still isolates a message that fails on its own data: a batch that breaks a constraint is retried one by one', async () => {
    let calls = 0;
    const ds = ((_name: string, _sql: string, params: unknown[][]) => {
      calls += 1;
      const clientIds = params[2] as string[];
      if (clientIds.includes('c-bad')) {
        const driverError = Object.assign(new Error('insert or update violates foreign key constraint'), { code: '23503' });
        return Promise.reject(new QueryFailedError('INSERT', [], driverError));
      }
      return Promise.resolve(storedRows(params));
    }) as PreparedQuery;
    const writer = new MessageWriter(
      batchWrite(ds, () => 'true'),
      2,
    );
    const results = await Promise.allSettled([
      writer.write(message(1)),
      writer.write({ ...message(2), clientId: 'c-bad' }),
      writer.write(message(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls).toBe(4); // the batch, then each message alone
  });

  it('drain() waits for queued writes and settles them even when the database is gone', async () => {
    const { ds } = failingDataSource(connectionRefused, 50);
    const writer = new MessageWriter(
      batchWrite(ds, () => 'true'),
      1000,
    ); // a long window: the sends are still queued when drain() is called
    const pending = Array.from({ length: 5 }, (_, i) => writer.write(message(i)));
    const settled = Promise.allSettled(pending);
    await writer.drain();
    expect((await settled).every((r) => r.status === 'rejected')).toBe(true);
  });
});

describe('MessageWriter batching', () => {
  it('writes what queued while a statement was at the database in ONE next statement, in arrival order', async () => {
    const statements: string[][] = [];
    const ds = ((_name: string, _sql: string, params: unknown[][]) => {
      const clientIds = params[2] as string[];
      statements.push(clientIds);
      return new Promise<unknown[]>((resolve) => setTimeout(() => resolve(storedRows(params)), 30));
    }) as PreparedQuery;
    const writer = new MessageWriter(
      batchWrite(ds, () => 'true'),
      0,
    );
    const first = writer.write(message(0));
    await new Promise((r) => setTimeout(r, 5)); // the first statement is now in flight
    const rest = Array.from({ length: 20 }, (_, i) => writer.write(message(i + 1)));
    const results = await Promise.all([first, ...rest]);
    expect(results.every((r) => r.stored)).toBe(true);
    expect(statements).toEqual([['c-0'], Array.from({ length: 20 }, (_, i) => `c-${i + 1}`)]);
  });
});

describe('MessageWriter under pressure', () => {
  it('refuses a send at once with UNAVAILABLE when MESSAGE_QUEUE_MAX sends already wait, and stores the others', async () => {
    const ds = ((_name: string, _sql: string, params: unknown[][]) =>
      new Promise<unknown[]>((resolve) => setTimeout(() => resolve(storedRows(params)), 50))) as PreparedQuery;
    const writer = new MessageWriter(
      batchWrite(ds, () => 'true'),
      0,
      1000,
      3,
    );
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => writer.write(message(i))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect((results[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'UNAVAILABLE', headers: { 'Retry-After': '1' } });
  });

  it('writes a batch holding the same clientId twice in ONE statement (the repeat learns it was already used)', async () => {
    let calls = 0;
    const ds = ((_name: string, _sql: string, params: unknown[][]) => {
      calls += 1;
      return Promise.resolve(storedRows(params));
    }) as PreparedQuery;
    const writer = new MessageWriter(
      batchWrite(ds, () => 'true'),
      5,
    );
    const results = await Promise.all([writer.write(message(1)), writer.write(message(1)), writer.write(message(2))]);
    expect(results.map((r) => r.stored)).toEqual([true, false, true]);
    expect(calls).toBe(1);
  });
});

describe('MessageWriter when idle', () => {
  it('writes a lone send once the event loop has taken in its company, without waiting for a timer (1 ms at least)', async () => {
    const calls: number[] = [];
    const ds = ((_name: string, _sql: string, params: unknown[][]) => {
      calls.push((params[2] as string[]).length);
      return Promise.resolve(storedRows(params));
    }) as PreparedQuery;
    // timers frozen: a writer that waited on setTimeout would never write here
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const writer = new MessageWriter(batchWrite(ds, () => 'true'));
      const sends = [writer.write(message(1)), writer.write(message(2))];
      const results = await Promise.all(sends);
      expect(results.map((r) => r.stored)).toEqual([true, true]);
      // the two sends of the same turn went in one statement
      expect(calls).toEqual([2]);
    } finally {
      jest.useRealTimers();
    }
  });
});
