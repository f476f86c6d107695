import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { queryRows } from '../../database/sql.js';

export type JobKind = 'push' | 'email';

/** A job as its worker takes it: with its subscription's keys for a push. */
export interface ClaimedJob {
  id: string;
  kind: JobKind;
  userId: string;
  notificationId: string | null;
  subscriptionId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  subscription: { endpoint: string; p256dh: string; auth: string } | null;
}

interface ClaimedRow {
  id: string;
  kind: JobKind;
  user_id: string;
  notification_id: string | null;
  subscription_id: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  endpoint: string | null;
  p256dh: string | null;
  auth: string | null;
}

/** The durable delivery queue (`delivery_jobs`) and the subscriptions its pushes go to. */
@Injectable()
export class DeliveryJobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One push job per subscription of the user for this notification (none twice: `delivery_jobs_push_key`). */
  async enqueuePushes(userId: string, notificationId: string, payload: object): Promise<number> {
    const rows = await queryRows<{ id: string }>(
      this.dataSource.manager,
      `INSERT INTO delivery_jobs (kind, user_id, notification_id, subscription_id, payload)
       SELECT 'push', $1, $2, s.id, $3::jsonb FROM push_subscriptions s WHERE s.user_id = $1
       ON CONFLICT DO NOTHING RETURNING id`,
      [userId, notificationId, JSON.stringify(payload)],
    );
    return rows.length;
  }

  /** The user's digest job, due at `runAt`, unless one is waiting already (its window then covers this one too). */
  async enqueueDigest(userId: string, runAt: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO delivery_jobs (kind, user_id, run_at) VALUES ('email', $1, $2)
       ON CONFLICT (user_id) WHERE kind = 'email' DO NOTHING`,
      [userId, runAt],
    );
  }

  /**
   * Takes up to `limit` due jobs for `leaseMs`: no other worker (this process or another) takes them meanwhile
   * (`FOR UPDATE SKIP LOCKED` against concurrent claims, the lease against later ones). A worker that dies holding a
   * job lets it go when the lease ends; one that finishes deletes it or reschedules it.
   */
  async claim(limit: number, leaseMs: number): Promise<ClaimedJob[]> {
    const rows = await queryRows<ClaimedRow>(
      this.dataSource.manager,
      `WITH claimed AS (
         UPDATE delivery_jobs j SET locked_until = now() + $2 * interval '1 millisecond', attempts = j.attempts + 1
          WHERE j.id IN (SELECT id FROM delivery_jobs
                          WHERE run_at <= now() AND (locked_until IS NULL OR locked_until < now())
                          ORDER BY run_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING j.id, j.kind, j.user_id, j.notification_id, j.subscription_id, j.payload, j.attempts)
       SELECT c.*, s.endpoint, s.p256dh, s.auth FROM claimed c LEFT JOIN push_subscriptions s ON s.id = c.subscription_id`,
      [limit, leaseMs],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      userId: r.user_id,
      notificationId: r.notification_id,
      subscriptionId: r.subscription_id,
      payload: r.payload,
      attempts: r.attempts,
      subscription: r.endpoint ? { endpoint: r.endpoint, p256dh: r.p256dh!, auth: r.auth! } : null,
    }));
  }

  async complete(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM delivery_jobs WHERE id = $1`, [id]);
  }

  /** The job again at `runAt`, as new (a digest's next window). */
  async reschedule(id: string, runAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE delivery_jobs SET run_at = $2, locked_until = NULL, attempts = 0, last_error = NULL WHERE id = $1`,
      [id, runAt],
    );
  }

  async retryAt(id: string, runAt: Date, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE delivery_jobs SET run_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1`, [
      id,
      runAt,
      error.slice(0, 300),
    ]);
  }

  /** Jobs waiting, for health and tests. */
  async depth(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(this.dataSource.manager, `SELECT count(*)::int AS n FROM delivery_jobs`);
    return row?.n ?? 0;
  }
}
