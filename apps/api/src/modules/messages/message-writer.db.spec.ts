import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource, QueryFailedError } from 'typeorm';
import type pg from 'pg';
import { befriend, createGroupRoom, createServiceTest, type ServiceTest } from '../../../test/service-harness.js';
import { dataSourceOptions } from '../../database/data-source-options.js';
import { HotStatements, hotStatementsPool, preparedQuery } from '../../database/prepared-query.js';
import type { RoomEntity } from '../rooms/entities/room.entity.js';
import { DirectRoomsService } from '../rooms/direct-rooms.service.js';
import type { UserEntity } from '../users/entities/user.entity.js';
import { MessageWriter, type WriteResult } from './message-writer.js';
import { type BatchWrite, batchWrite, MessagesRepository, type NewMessage } from './messages.repository.js';
import { MessagesModule } from './messages.module.js';

/**
 * MessageWriter with the real group-commit statement (`batchWrite`, built with the shared membership predicate) on a
 * real database: the guarantees its comment promises, checked where the database keeps them.
 */
describe('MessageWriter with the batchWrite statement on a real database', () => {
  let t: ServiceTest;
  /** A second API process: its own pool of connections to the same database. */
  let otherProcess: pg.Pool;
  let a: UserEntity, b: UserEntity, stranger: UserEntity;
  beforeAll(async () => {
    t = await createServiceTest([MessagesModule]);
    otherProcess = hotStatementsPool(new DataSource(dataSourceOptions(t.databaseUrl)));
    [a, b, stranger] = await Promise.all([t.createUser(), t.createUser(), t.createUser()]);
  });
  afterAll(async () => {
    await otherProcess?.end();
    await t?.close();
  });

  /** The statement the app uses (`MessagesRepository.writeBatch`), on this process's DataSource. */
  const statementHere = () => t.get(MessagesRepository).writeBatch;
  /** The same statement on another process's DataSource. */
  const statementElsewhere = () => batchWrite(preparedQuery(otherProcess));
  const writerHere = () => new MessageWriter(statementHere());

  /** The statement, recording what each call carried and how it ended (to show which path a test took). */
  const recorded = (write: BatchWrite) => {
    const calls: Array<{ size: number; rooms: number; failed: string | null }> = [];
    const wrapped: BatchWrite = async (batch) => {
      const call = { size: batch.length, rooms: new Set(batch.map((m) => m.roomId)).size, failed: null as string | null };
      calls.push(call);
      try {
        return await write(batch);
      } catch (err) {
        call.failed = ((err as QueryFailedError).driverError as { constraint?: string })?.constraint ?? String(err);
        throw err;
      }
    };
    return { write: wrapped, calls };
  };

  const message = (sender: UserEntity, room: Pick<RoomEntity, 'id'> | string, fields: Partial<NewMessage> = {}): NewMessage => ({
    roomId: typeof room === 'string' ? room : room.id,
    senderId: sender.id,
    clientId: randomUUID(),
    body: `from ${sender.username}`,
    replyToId: null,
    mentions: { userIds: [], room: false, here: false },
    checked: false,
    ...fields,
  });
  const room = () => createGroupRoom(t, a, { members: [b] });
  /** Lets the writer's timer fire and its statement leave, so later writes queue behind a statement in flight. */
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  const rowsOf = (roomId: string) =>
    t.sql<{ id: string; seq: string; sender_id: string; client_id: string; body: string }>(
      `SELECT id, seq, sender_id, client_id, body FROM messages WHERE room_id = $1 ORDER BY seq`,
      [roomId],
    );
  const lastSeqOf = async (roomId: string) =>
    Number((await t.sql<{ last_seq: string }>(`SELECT last_seq FROM rooms WHERE id = $1`, [roomId]))[0]!.last_seq);
  /** The room's seqs are exactly 1..n, n messages, and rooms.last_seq is n. */
  const expectGapFree = async (roomId: string, n: number) => {
    const seqs = (await rowsOf(roomId)).map((r) => Number(r.seq));
    expect(seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(await lastSeqOf(roomId)).toBe(n);
  };
  const seqOf = (r: WriteResult) => (r.stored ? r.message.seq : null);

  it("runs on the hot statements' pool, whose sessions plan generically: the statement is planned once, not per call", async () => {
    const hot = t.get(HotStatements);
    const r = await room();
    for (let i = 0; i < 8; i++) await statementHere()([message(a, r)]);
    // one statement at a time: the pool hands the same connection back, which prepared the statement
    const [row] = await hot.query<{ mode: string; generic: number; custom: number }>(
      'test-plan-mode',
      `SELECT current_setting('plan_cache_mode') AS mode,
              (SELECT generic_plans FROM pg_prepared_statements WHERE name = 'messages-write')::int AS generic,
              (SELECT custom_plans FROM pg_prepared_statements WHERE name = 'messages-write')::int AS custom`,
      [],
    );
    expect(row).toEqual({ mode: 'force_generic_plan', generic: 8, custom: 0 });
  });

  it('numbers concurrent writes to several rooms 1..n per room, in arrival order, and rooms.last_seq is max(seq)', async () => {
    const rooms = await Promise.all([room(), room(), room(), room()]);
    const statement = recorded(statementHere());
    const writer = new MessageWriter(statement.write, 0, 16); // small batches: statements cut through rooms and runs
    const sent: Array<{ roomId: string; result: Promise<WriteResult>; m: NewMessage }> = [];
    for (let i = 0; i < 240; i++) {
      const target = rooms[(i * 7 + (i >> 3)) % rooms.length]!;
      const m = message(i % 3 === 0 ? b : a, target, { body: `m${i}` });
      sent.push({ roomId: target.id, result: writer.write(m), m });
      if (i % 25 === 0) await tick();
    }
    const results = await Promise.all(sent.map((s) => s.result));
    expect(results.every((r) => r.stored)).toBe(true);

    for (const r of rooms) {
      const mine = sent.map((s, i) => ({ ...s, written: results[i]! })).filter((s) => s.roomId === r.id);
      // arrival order is seq order, with no gap, starting at 1
      expect(mine.map((s) => seqOf(s.written))).toEqual(mine.map((_s, i) => i + 1));
      await expectGapFree(r.id, mine.length);
      // what each caller was answered is what the database holds
      const rows = await rowsOf(r.id);
      expect(rows.map((row) => [row.id, row.client_id, row.body])).toEqual(
        mine.map((s) => (s.written.stored ? [s.written.message.id, s.m.clientId, s.m.body] : null)),
      );
      expect(mine[0]!.written).toMatchObject({ stored: true, room: { kind: 'group', name: r.name, directKey: null } });
    }
    // the writes did go out as several statements, each holding several rooms
    expect(statement.calls.length).toBeGreaterThan(4);
    expect(statement.calls.filter((c) => c.rooms > 1).length).toBeGreaterThan(2);
    expect(statement.calls.every((c) => c.failed === null)).toBe(true);
    await writer.drain();
  });

  it('the same sender and clientId twice in one batch: one row, the repeat answers stored:false and takes no seq', async () => {
    const r = await room();
    const writer = writerHere();
    const clientId = randomUUID();
    const results = await Promise.all([
      writer.write(message(a, r, { clientId, body: 'first' })),
      writer.write(message(a, r, { clientId, body: 'second' })),
      writer.write(message(b, r, { clientId, body: 'same clientId, another sender' })), // the key is (sender, clientId)
      writer.write(message(a, r, { body: 'next' })),
    ]);
    expect(results.map((x) => x.stored)).toEqual([true, false, true, true]);
    expect(results.map(seqOf)).toEqual([1, null, 2, 3]);
    expect((await rowsOf(r.id)).map((row) => [row.sender_id, row.body])).toEqual([
      [a.id, 'first'],
      [b.id, 'same clientId, another sender'],
      [a.id, 'next'],
    ]);
    await expectGapFree(r.id, 3);
  });

  it('a clientId stored by an earlier batch: stored:false, the first row untouched, and the batch around it stays gap-free', async () => {
    const r = await room();
    const writer = writerHere();
    const clientId = randomUUID();
    const first = await writer.write(message(a, r, { clientId, body: 'first' }));
    expect(first).toMatchObject({ stored: true, message: { seq: 1, clientId, body: 'first' } });

    const again = await writer.write(message(a, r, { clientId, body: 'retry' }));
    expect(again).toEqual({ stored: false });
    // a batch mixing the repeat with fresh messages: the fresh ones take consecutive seqs
    const mixed = await Promise.all([
      writer.write(message(b, r)),
      writer.write(message(a, r, { clientId, body: 'retry again' })),
      writer.write(message(b, r)),
    ]);
    expect(mixed.map(seqOf)).toEqual([2, null, 3]);
    const rows = await rowsOf(r.id);
    expect(rows.filter((row) => row.client_id === clientId).map((row) => [row.seq, row.body])).toEqual([['1', 'first']]);
    await expectGapFree(r.id, 3);
  });

  it('an unchecked message is refused when the sender is not a member, the room is direct, or the reply is to another room', async () => {
    const [r, elsewhere] = await Promise.all([room(), room()]);
    await befriend(t, a, b);
    const { roomId: direct } = await t.get(DirectRoomsService).open(a.id, b.id);
    const writer = writerHere();
    const inOtherRoom = await writer.write(message(a, elsewhere));
    const inThisRoom = await writer.write(message(a, r));
    if (!inOtherRoom.stored || !inThisRoom.stored) throw new Error('setup: the first messages were not stored');

    // one batch: the refused messages are skipped by the statement, the others keep gap-free seqs
    const results = await Promise.all([
      writer.write(message(a, r, { body: 'ok 1' })),
      writer.write(message(stranger, r, { body: 'not a member' })),
      writer.write(message(b, direct, { body: 'direct room' })),
      writer.write(message(b, r, { body: 'reply elsewhere', replyToId: inOtherRoom.message.id })),
      writer.write(message(b, r, { body: 'reply here', replyToId: inThisRoom.message.id })),
      writer.write(message(a, r, { body: 'reply to nothing', replyToId: randomUUID() })),
      writer.write(message(a, r, { body: 'ok 2' })),
    ]);
    expect(results.map((x) => x.stored)).toEqual([true, false, false, false, true, false, true]);
    expect(results.map(seqOf)).toEqual([2, null, null, null, 3, null, 4]);
    expect((await rowsOf(r.id)).map((row) => row.body)).toEqual([`from ${a.username}`, 'ok 1', 'reply here', 'ok 2']);
    await expectGapFree(r.id, 4);
    await expectGapFree(direct, 0);
    await expectGapFree(elsewhere.id, 1);

    // once the caller checked (requirePoster), the direct room takes the message
    const checked = await writer.write(message(b, direct, { checked: true, body: 'checked' }));
    expect(checked).toMatchObject({
      stored: true,
      message: { seq: 1 },
      room: { kind: 'direct', directKey: [a.id, b.id].sort().join(':') },
    });
    await expectGapFree(direct, 1);
  });

  it('a room deleted before the statement: stored:false, no error, and no other room is touched', async () => {
    const [r, gone] = await Promise.all([room(), room()]);
    await t.sql(`DELETE FROM rooms WHERE id = $1`, [gone.id]);
    const writer = writerHere();
    const results = await Promise.all([writer.write(message(a, gone, { checked: true })), writer.write(message(a, r))]);
    expect(results.map(seqOf)).toEqual([null, 1]);
    await expectGapFree(r.id, 1);
  });

  it('a message that breaks a constraint fails alone: its batch is written again one by one, and its seq is given back', async () => {
    const r = await room();
    const writer = writerHere();
    // checked: the statement trusts the reply target, and the foreign key refuses it
    const results = await Promise.allSettled([
      writer.write(message(a, r, { body: 'before' })),
      writer.write(message(a, r, { checked: true, replyToId: randomUUID(), body: 'bad reply' })),
      writer.write(message(b, r, { body: 'after' })),
    ]);
    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(QueryFailedError);
    expect(results.map((x) => (x.status === 'fulfilled' ? seqOf(x.value) : null))).toEqual([1, null, 2]);
    expect((await rowsOf(r.id)).map((row) => row.body)).toEqual(['before', 'after']);
    await expectGapFree(r.id, 2);
  });

  it('two processes writing to the same rooms at once: gap-free seqs, and a clientId sent to both is stored once', async () => {
    const rooms = [await room(), await room()];
    const recHere = recorded(statementHere());
    const recElsewhere = recorded(statementElsewhere());
    const here = new MessageWriter(recHere.write, 0, 8);
    const elsewhere = new MessageWriter(recElsewhere.write, 0, 8);
    const total = 300;
    const messages = Array.from({ length: total }, (_, i) =>
      message(i % 2 === 0 ? a : b, rooms[Math.floor(i / 3) % rooms.length]!, { body: `m${i}` }),
    );
    // every fourth message is a retry that lands on both processes at once (a reconnect to another API process)
    const both = (i: number) => i % 4 === 0;
    const answers: Array<{ here?: Promise<WriteResult>; elsewhere?: Promise<WriteResult> }> = [];
    for (let i = 0; i < total; i++) {
      const m = messages[i]!;
      if (both(i))
        answers.push(
          i % 8 === 0 ? { here: here.write(m), elsewhere: elsewhere.write(m) } : { elsewhere: elsewhere.write(m), here: here.write(m) },
        );
      else answers.push(i % 5 < 2 ? { here: here.write(m) } : { elsewhere: elsewhere.write(m) });
      if (i % 10 === 0) await tick();
    }
    const results = await Promise.all(answers.map(async (x) => ({ here: await x.here, elsewhere: await x.elsewhere })));

    // each message is stored exactly once, whichever process stored it
    results.forEach((r, i) => {
      expect({ i, stored: [r.here, r.elsewhere].filter((x) => x?.stored).length }).toEqual({ i, stored: 1 });
    });
    for (const r of rooms) {
      const count = messages.filter((m) => m.roomId === r.id).length;
      await expectGapFree(r.id, count);
      const rows = await rowsOf(r.id);
      expect(new Set(rows.map((row) => `${row.sender_id}:${row.client_id}`)).size).toBe(count);
      // the seq each process answered is the row's
      const answered = new Map(
        results
          .flatMap((x) => [x.here, x.elsewhere])
          .flatMap((x) => (x?.stored && x.message.roomId === r.id ? [[x.message.id, x.message.seq] as const] : [])),
      );
      expect(rows.map((row) => answered.get(row.id))).toEqual(rows.map((row) => Number(row.seq)));
      // and each process kept its own arrival order in the room
      for (const side of ['here', 'elsewhere'] as const) {
        const seqs = results.flatMap((x) => (x[side]?.stored && x[side].message.roomId === r.id ? [x[side].message.seq] : []));
        expect(seqs.length).toBeGreaterThan(10);
        expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      }
    }
    // no statement failed but on a clientId the other process had just stored (no deadlock, no seq taken twice)
    for (const call of [...recHere.calls, ...recElsewhere.calls]) {
      expect([null, 'messages_sender_client_key']).toContain(call.failed);
    }
    await Promise.all([here.drain(), elsewhere.drain()]);
  });

  it('two statements waiting on the same room lock: the second numbers after the first, and its repeat of a clientId is skipped', async () => {
    const r = await room();
    const recHere = recorded(statementHere());
    const recElsewhere = recorded(statementElsewhere());
    const here = new MessageWriter(recHere.write, 0);
    const elsewhere = new MessageWriter(recElsewhere.write, 0);
    // a third connection holds the room's row, so both statements start (and take their snapshots) before either commits
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT id FROM rooms WHERE id = $1 FOR UPDATE`, [r.id]);
      const retry1 = message(a, r, { body: 'retry 1' });
      const retry2 = message(b, r, { body: 'retry 2' });
      const pendingHere = Promise.all([here.write(retry1), here.write(message(a, r, { body: 'here' })), here.write(retry2)]);
      const pendingElsewhere = Promise.all([
        elsewhere.write(retry1),
        elsewhere.write(message(b, r, { body: 'elsewhere' })),
        elsewhere.write(retry2),
      ]);
      await waitForLockWaiters(2);
      await holder.commitTransaction();
      const [fromHere, fromElsewhere] = await Promise.all([pendingHere, pendingElsewhere]);

      // one statement got the lock first and stored its three; the other failed on the unique key and was written again
      // one message at a time: its repeats skipped, its own message numbered after the first statement's
      const failed = [...recHere.calls, ...recElsewhere.calls].filter((c) => c.failed !== null);
      expect(failed).toEqual([{ size: 3, rooms: 1, failed: 'messages_sender_client_key' }]);
      const [winner, loser] = recHere.calls[0]!.failed === null ? [fromHere, fromElsewhere] : [fromElsewhere, fromHere];
      expect(winner.map(seqOf)).toEqual([1, 2, 3]);
      expect(loser.map(seqOf)).toEqual([null, 4, null]);
      const rows = await rowsOf(r.id);
      expect(rows.filter((row) => row.client_id === retry1.clientId || row.client_id === retry2.clientId)).toHaveLength(2);
      await expectGapFree(r.id, 4);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });

  /** Waits until `n` backends of the test database wait on a lock. */
  async function waitForLockWaiters(n: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [{ waiting }] = await t.sql<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (waiting >= n) return;
      if (Date.now() > deadline) throw new Error(`only ${waiting} statements wait on a lock`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
});
