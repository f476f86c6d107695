import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Web Push subscriptions (one per browser profile and device; an endpoint belongs to one user) and the durable queue of
 * deliveries: one row per push to one subscription (unique per notification and subscription, so a notification is
 * never pushed twice to a device) or per e-mail digest of one user (at most one waiting per user: the window).
 * E-mail digests: the notifications a digest may carry (`email_digest_items`), mailed when still unread after the delay.
 * Workers claim due rows with `FOR UPDATE SKIP LOCKED` and a lease (`locked_until`); a row is deleted once delivered.
 */
export class PushDelivery1765050100000 implements MigrationInterface {
  name = 'PushDelivery1765050100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE push_subscriptions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        endpoint varchar(2048) NOT NULL,
        p256dh varchar(128) NOT NULL,
        auth varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT push_subscriptions_pkey PRIMARY KEY (id),
        CONSTRAINT push_subscriptions_endpoint_key UNIQUE (endpoint),
        CONSTRAINT push_subscriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX push_subscriptions_user_id_idx ON push_subscriptions (user_id)`);
    await q.query(`
      CREATE TABLE delivery_jobs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind varchar(8) NOT NULL,
        user_id uuid NOT NULL,
        notification_id uuid NULL,
        subscription_id uuid NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        run_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error varchar(300) NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT delivery_jobs_pkey PRIMARY KEY (id),
        CONSTRAINT delivery_jobs_kind_check CHECK (kind IN ('push', 'email')),
        CONSTRAINT delivery_jobs_push_check CHECK (kind <> 'push' OR (notification_id IS NOT NULL AND subscription_id IS NOT NULL)),
        CONSTRAINT delivery_jobs_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT delivery_jobs_notification_id_fkey FOREIGN KEY (notification_id) REFERENCES notifications (id) ON DELETE CASCADE,
        CONSTRAINT delivery_jobs_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES push_subscriptions (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE UNIQUE INDEX delivery_jobs_push_key ON delivery_jobs (subscription_id, notification_id)`);
    await q.query(`CREATE UNIQUE INDEX delivery_jobs_email_key ON delivery_jobs (user_id) WHERE kind = 'email'`);
    await q.query(`CREATE INDEX delivery_jobs_user_id_idx ON delivery_jobs (user_id)`);
    await q.query(`CREATE INDEX delivery_jobs_notification_id_idx ON delivery_jobs (notification_id) WHERE notification_id IS NOT NULL`);
    await q.query(`CREATE INDEX delivery_jobs_run_at_idx ON delivery_jobs (run_at)`);
    await q.query(`
      CREATE TABLE email_digest_items (
        notification_id uuid NOT NULL,
        user_id uuid NOT NULL,
        message_seq bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT email_digest_items_pkey PRIMARY KEY (notification_id),
        CONSTRAINT email_digest_items_notification_id_fkey FOREIGN KEY (notification_id) REFERENCES notifications (id) ON DELETE CASCADE,
        CONSTRAINT email_digest_items_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX email_digest_items_user_id_idx ON email_digest_items (user_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE email_digest_items`);
    await q.query(`DROP TABLE delivery_jobs`);
    await q.query(`DROP TABLE push_subscriptions`);
  }
}
