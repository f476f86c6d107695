import type { PreparedQuery } from '../../database/prepared-query.js';
import { isConstraintViolation, isUniqueViolation } from '../../common/db-errors.js';
import { MessageEntity } from './entities/message.entity.js';

export interface NewMessage {
  roomId: string;
  senderId: string;
  clientId: string;
  body: string;
  replyToId: string | null;
  /**
   * False: the statement itself checks that the sender may post (`RoomsService.groupPosterSql`: a member of a group
   * room) and that the reply target is a message of the room, and skips the message otherwise. True: the caller
   * already checked (`RoomsService.requirePoster`).
   */
  checked: boolean;
}

/** The room a message was stored in, as the statement read it (no second query). */
export interface StoredIn {
  kind: 'group' | 'direct';
  name: string;
  directKey: string | null;
}

/**
 * What became of one queued message: stored now, or not stored (a clientId already used, the room is gone, or, for an
 * unchecked message, the sender may not post there or the reply target is not in the room).
 */
export type WriteResult = { stored: true; entity: MessageEntity; room: StoredIn } | { stored: false };

interface Pending {
  message: NewMessage;
  resolve(result: WriteResult): void;
  reject(err: unknown): void;
}

interface Row {
  id: string;
  room_id: string;
  seq: string;
  sender_id: string;
  client_id: string;
  body: string;
  reply_to_id: string | null;
  created_at: Date;
  room_kind: 'group' | 'direct';
  room_name: string;
  room_direct_key: string | null;
}

type Stored = Map<string, { entity: MessageEntity; room: StoredIn }>;

/**
 * Group commit for new messages. While one statement is at the database, the sends that arrive queue up; when it
 * commits, everything queued is written by the NEXT statement (up to `maxBatch`). So a quiet server writes each message
 * at once, and a busy one writes more messages per statement instead of queueing statements: the batch grows with the
 * load and one process never has more than one message statement in flight.
 *
 * In one statement each room's counter is bumped once by its number of new messages (rooms locked in id order, so
 * concurrent writers on other processes cannot deadlock), the messages take consecutive seqs in arrival order, and the
 * statement commits before any caller is answered. One statement is one transaction, so the guarantees of a single
 * send hold for the batch: gap-free seqs (a failed statement gives every seq back), one row per (sender, clientId), ack
 * after commit. A clientId already stored is skipped inside the statement; a clientId raced in by another process
 * fails the statement on the unique constraint, and the batch is then written one message per statement (as for any
 * other constraint one message breaks). Any other failure (the database down or restarting) fails every send of the
 * batch at once: each caller gets an error to retry with the same clientId, none waits.
 */
export class MessageWriter {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The flush loop while it runs: one per process, so arrival order per room is seq order. */
  private running: Promise<void> | null = null;

  /**
   * @param query runs the statement as a named prepared statement (planned once per connection).
   * @param posterSql SQL condition on `i.room_id` and `i.sender_id` that holds when the sender may post in the room
   *   without further checks (from the rooms module, which owns that rule).
   * @param windowMs how long an idle writer waits for company before writing a lone message.
   */
  constructor(
    private readonly query: PreparedQuery,
    private readonly posterSql: string,
    private readonly windowMs = 0,
    private readonly maxBatch = 1000,
  ) {}

  write(message: NewMessage): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (!this.running && !this.timer) this.timer = setTimeout(() => this.start(), this.windowMs);
    });
  }

  private start(): void {
    this.timer = null;
    this.running ??= this.loop().finally(() => {
      this.running = null;
      // a write that came in after the loop's last look at the queue, before this ran, is not left waiting
      if (this.queue.length > 0) this.start();
    });
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      await this.flush(batch).catch(() => undefined); // flush settles every caller itself
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    if (batch.length === 0) return;
    // The same (sender, clientId) twice in one batch: the first is written, the others learn it was already used.
    const seen = new Set<string>();
    const unique: Pending[] = [];
    const repeats: Pending[] = [];
    for (const p of batch) {
      const key = keyOf(p.message.senderId, p.message.clientId);
      if (seen.has(key)) repeats.push(p);
      else {
        seen.add(key);
        unique.push(p);
      }
    }
    try {
      const stored = await this.insert(unique.map((p) => p.message));
      for (const p of unique) p.resolve(resultOf(stored, p.message));
    } catch (err) {
      if (unique.length === 1) {
        const p = unique[0]!;
        if (isUniqueViolation(err, 'messages_sender_client_key')) p.resolve({ stored: false });
        else p.reject(err);
      } else if (!isConstraintViolation(err)) {
        // The database is unreachable, restarting or failing as a whole: every send of the batch gets the error now.
        // Writing them one by one would wait on the database once per message, holding up every later batch.
        for (const p of unique) p.reject(err);
      } else {
        for (const p of unique) {
          await this.insert([p.message]).then(
            (stored) => p.resolve(resultOf(stored, p.message)),
            (e: unknown) => (isUniqueViolation(e, 'messages_sender_client_key') ? p.resolve({ stored: false }) : p.reject(e)),
          );
        }
      }
    }
    for (const p of repeats) p.resolve({ stored: false });
  }

  private async insert(messages: NewMessage[]): Promise<Stored> {
    const rows = await this.query<Row>(
      'messages-write',
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::int[], $7::bool[])
           AS t(room_id, sender_id, client_id, body, reply_to_id, ord, checked)
       ),
       fresh AS (
         SELECT i.* FROM input i
          WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.sender_id = i.sender_id AND m.client_id = i.client_id)
            AND (i.checked OR ((${this.posterSql})
              AND (i.reply_to_id IS NULL
                   OR EXISTS (SELECT 1 FROM messages p WHERE p.id = i.reply_to_id AND p.room_id = i.room_id))))
       ),
       counts AS (SELECT room_id, count(*)::bigint AS n FROM fresh GROUP BY room_id),
       locked AS (SELECT r.id FROM rooms r WHERE r.id = ANY(ARRAY(SELECT room_id FROM counts)) ORDER BY r.id FOR UPDATE),
       bumped AS (
         UPDATE rooms r SET last_seq = r.last_seq + c.n, last_activity_at = now()
           FROM counts c WHERE r.id = c.room_id AND r.id = ANY(ARRAY(SELECT id FROM locked))
         RETURNING r.id, r.last_seq, c.n, r.kind, r.name, r.direct_key
       ),
       numbered AS (
         SELECT f.*, b.last_seq - b.n + row_number() OVER (PARTITION BY f.room_id ORDER BY f.ord) AS seq
           FROM fresh f JOIN bumped b ON b.id = f.room_id
       ),
       inserted AS (
         INSERT INTO messages (room_id, seq, sender_id, client_id, body, reply_to_id)
         SELECT room_id, seq, sender_id, client_id, body, reply_to_id FROM numbered ORDER BY room_id, seq
         RETURNING id, room_id, seq, sender_id, client_id, body, reply_to_id, created_at
       )
       SELECT s.*, b.kind AS room_kind, b.name AS room_name, b.direct_key AS room_direct_key
         FROM inserted s JOIN bumped b ON b.id = s.room_id`,
      [
        messages.map((m) => m.roomId),
        messages.map((m) => m.senderId),
        messages.map((m) => m.clientId),
        messages.map((m) => m.body),
        messages.map((m) => m.replyToId),
        messages.map((_m, i) => i),
        messages.map((m) => m.checked),
      ],
    );
    const out: Stored = new Map();
    for (const r of rows) {
      const entity = Object.assign(new MessageEntity(), {
        id: r.id,
        roomId: r.room_id,
        seq: Number(r.seq),
        senderId: r.sender_id,
        clientId: r.client_id,
        body: r.body,
        replyToId: r.reply_to_id,
        createdAt: r.created_at,
        editedAt: null,
        deletedAt: null,
      });
      out.set(keyOf(r.sender_id, r.client_id), { entity, room: { kind: r.room_kind, name: r.room_name, directKey: r.room_direct_key } });
    }
    return out;
  }

  /** Writes what is queued now, waits for every write in flight (shutdown). */
  async drain(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.start();
    }
    while (this.running) await this.running;
  }
}

const keyOf = (senderId: string, clientId: string) => `${senderId}\u0000${clientId}`;

function resultOf(stored: Stored, m: NewMessage): WriteResult {
  const found = stored.get(keyOf(m.senderId, m.clientId));
  return found ? { stored: true, ...found } : { stored: false };
}
