import type { DataSource } from 'typeorm';
import { isConstraintViolation, isUniqueViolation } from '../../common/db-errors.js';
import { MessageEntity } from './entities/message.entity.js';

export interface NewMessage {
  roomId: string;
  senderId: string;
  clientId: string;
  body: string;
  replyToId: string | null;
}

/** What became of one queued message: stored now, or not stored (a clientId already used, or the room is gone). */
export type WriteResult = { stored: true; entity: MessageEntity } | { stored: false };

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
}

/**
 * Group commit for new messages. Sends that arrive within a few milliseconds are written by ONE statement: each
 * room's counter is bumped once by its number of new messages (rooms locked in id order, so concurrent writers on
 * other processes cannot deadlock), the messages take consecutive seqs in arrival order, and the statement commits
 * before any caller is answered. One statement is one transaction, so the guarantees of a single send hold for the
 * batch: gap-free seqs (a failed statement gives every seq back), one row per (sender, clientId), ack after commit.
 * A clientId already stored is skipped inside the statement; a clientId raced in by another process fails the
 * statement on the unique constraint, and the batch is then written one message per statement (as for any other
 * constraint one message breaks). Any other failure (the database down or restarting) fails every send of the batch at
 * once: each caller gets an error to retry with the same clientId, none waits.
 */
export class MessageWriter {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly windowMs = 2,
    private readonly maxBatch = 500,
  ) {}

  write(message: NewMessage): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.schedule(0);
      else this.schedule(this.windowMs);
    });
  }

  private schedule(delay: number): void {
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const batch = this.queue;
      this.queue = [];
      // One batch at a time per process: the next waits for the previous commit, keeping arrival order per room.
      this.flushing = this.flushing.then(() => this.flush(batch)).catch(() => undefined);
    }, delay);
  }

  private async flush(batch: Pending[]): Promise<void> {
    if (batch.length === 0) return;
    // The same (sender, clientId) twice in one batch: the first is written, the others learn it was already used.
    const seen = new Set<string>();
    const unique: Pending[] = [];
    const repeats: Pending[] = [];
    for (const p of batch) {
      const key = `${p.message.senderId}\u0000${p.message.clientId}`;
      if (seen.has(key)) repeats.push(p);
      else {
        seen.add(key);
        unique.push(p);
      }
    }
    try {
      const stored = await this.insert(unique.map((p) => p.message));
      for (const p of unique) {
        const entity = stored.get(`${p.message.senderId}\u0000${p.message.clientId}`);
        p.resolve(entity ? { stored: true, entity } : { stored: false });
      }
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
            (stored) => {
              const entity = stored.get(`${p.message.senderId}\u0000${p.message.clientId}`);
              p.resolve(entity ? { stored: true, entity } : { stored: false });
            },
            (e: unknown) => (isUniqueViolation(e, 'messages_sender_client_key') ? p.resolve({ stored: false }) : p.reject(e)),
          );
        }
      }
    }
    for (const p of repeats) p.resolve({ stored: false });
  }

  private async insert(messages: NewMessage[]): Promise<Map<string, MessageEntity>> {
    const rows: Row[] = await this.dataSource.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::int[])
           AS t(room_id, sender_id, client_id, body, reply_to_id, ord)
       ),
       fresh AS (
         SELECT i.* FROM input i
          WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.sender_id = i.sender_id AND m.client_id = i.client_id)
       ),
       counts AS (SELECT room_id, count(*)::bigint AS n FROM fresh GROUP BY room_id),
       locked AS (SELECT r.id FROM rooms r WHERE r.id IN (SELECT room_id FROM counts) ORDER BY r.id FOR UPDATE),
       bumped AS (
         UPDATE rooms r SET last_seq = r.last_seq + c.n, last_activity_at = now()
           FROM counts c WHERE r.id = c.room_id AND r.id IN (SELECT id FROM locked)
         RETURNING r.id, r.last_seq, c.n
       ),
       numbered AS (
         SELECT f.*, b.last_seq - b.n + row_number() OVER (PARTITION BY f.room_id ORDER BY f.ord) AS seq
           FROM fresh f JOIN bumped b ON b.id = f.room_id
       )
       INSERT INTO messages (room_id, seq, sender_id, client_id, body, reply_to_id)
       SELECT room_id, seq, sender_id, client_id, body, reply_to_id FROM numbered ORDER BY room_id, seq
       RETURNING id, room_id, seq, sender_id, client_id, body, reply_to_id, created_at`,
      [
        messages.map((m) => m.roomId),
        messages.map((m) => m.senderId),
        messages.map((m) => m.clientId),
        messages.map((m) => m.body),
        messages.map((m) => m.replyToId),
        messages.map((_m, i) => i),
      ],
    );
    const out = new Map<string, MessageEntity>();
    for (const r of rows) {
      const e = new MessageEntity();
      Object.assign(e, {
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
      out.set(`${r.sender_id}\u0000${r.client_id}`, e);
    }
    return out;
  }

  /** Waits for queued writes (shutdown). */
  async drain(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      const batch = this.queue;
      this.queue = [];
      this.flushing = this.flushing.then(() => this.flush(batch));
    }
    await this.flushing;
  }
}
