import { AppException } from '../../common/app-exception.js';
import { isConstraintViolation, isUniqueViolation } from '../../common/db-errors.js';
import { type BatchWrite, type NewMessage, type Written, writeKey } from './messages.repository.js';

export type { NewMessage } from './messages.repository.js';

/**
 * What became of one queued message: stored now, or not stored (a clientId already used, the room is gone, or, for an
 * unchecked message, the sender may not post there or the reply target is not in the room).
 */
export type WriteResult = ({ stored: true } & Written) | { stored: false };

interface Pending {
  message: NewMessage;
  /** When it was queued (`performance.now()`). */
  at: number;
  resolve(result: WriteResult): void;
  reject(err: unknown): void;
}

/** Where a send's time went in the writer, in seconds (the metrics' histograms). */
export interface WriterTimings {
  queued(seconds: number): void;
  statement(seconds: number): void;
}

type Stored = Map<string, Written>;

/**
 * Group commit for new messages. While one statement is at the database, the sends that arrive queue up; when it
 * commits, everything queued is written by the NEXT statement (up to `maxBatch`). So a quiet server writes each message
 * at once, and a busy one writes more messages per statement instead of queueing statements: the batch grows with the
 * load and one process never has more than one message statement in flight.
 *
 * The statement (`batchWrite`) bumps each room's counter once and numbers the messages in arrival order; it commits
 * before any caller is answered. One statement is one transaction, so the guarantees of a single
 * send hold for the batch: gap-free seqs (a failed statement gives every seq back), one row per (sender, clientId), ack
 * after commit. A clientId already stored is skipped inside the statement; a clientId raced in by another process
 * fails the statement on the unique constraint, and the batch is then written one message per statement (as for any
 * other constraint one message breaks). Any other failure (the database down or restarting) fails every send of the
 * batch at once: each caller gets an error to retry with the same clientId, none waits.
 */
export class MessageWriter {
  private queue: Pending[] = [];
  /** Cancels the wait before the first statement of an idle writer (a timer, or an immediate with no window). */
  private cancelWait: (() => void) | null = null;
  /** The flush loop while it runs: one per process, so arrival order per room is seq order. */
  private running: Promise<void> | null = null;

  /**
   * @param insert the batch statement (`MessagesRepository.writeBatch`, built from the shared membership predicate).
   * @param windowMs how long an idle writer waits for company before writing a lone message; with 0 it writes once
   *   the event loop has taken in the sends that arrived with it (`setImmediate`, not a timer: Node's shortest timer is
   *   1 ms, which every lone send waited).
   * @param maxBatch most messages one statement writes.
   * @param maxQueue sends that may wait; past it a send is refused at once (503 UNAVAILABLE), so a slow database cannot
   *   grow memory without bound.
   * @param timings told each send's wait in the queue and each statement's duration.
   */
  constructor(
    private readonly insert: BatchWrite,
    private readonly windowMs = 0,
    private readonly maxBatch = 1000,
    private readonly maxQueue = Number.POSITIVE_INFINITY,
    private readonly timings?: WriterTimings,
  ) {}

  /** Sends waiting for a statement (the one in flight not counted). */
  get depth(): number {
    return this.queue.length;
  }

  write(message: NewMessage): Promise<WriteResult> {
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(AppException.unavailable('The server is busy storing messages: nothing was stored, send again shortly'));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ message, at: performance.now(), resolve, reject });
      if (!this.running && !this.cancelWait) this.cancelWait = this.waitThenStart();
    });
  }

  private waitThenStart(): () => void {
    if (this.windowMs > 0) {
      const timer = setTimeout(() => this.start(), this.windowMs);
      return () => clearTimeout(timer);
    }
    const immediate = setImmediate(() => this.start());
    return () => clearImmediate(immediate);
  }

  private start(): void {
    this.cancelWait = null;
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
      const key = writeKey(p.message.senderId, p.message.clientId);
      if (seen.has(key)) repeats.push(p);
      else {
        seen.add(key);
        unique.push(p);
      }
    }
    const started = performance.now();
    if (this.timings) for (const p of unique) this.timings.queued((started - p.at) / 1000);
    try {
      const stored = await this.insert(unique.map((p) => p.message));
      this.timings?.statement((performance.now() - started) / 1000);
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

  /** Writes what is queued now, waits for every write in flight (shutdown). */
  async drain(): Promise<void> {
    if (this.cancelWait) {
      this.cancelWait();
      this.start();
    }
    while (this.running) await this.running;
  }
}

function resultOf(stored: Stored, m: NewMessage): WriteResult {
  const found = stored.get(writeKey(m.senderId, m.clientId));
  return found ? { stored: true, ...found } : { stored: false };
}
